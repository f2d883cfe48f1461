"""The site stays up when Redis does not (issue #13, item 2).

Public pages render without the cache, saves and transitions work, /healthz says
"degraded" with a 200, and an invalidation made while Redis was away is applied
before anything is served from it again, even when Redis comes back with its old
pages (restarted from its dump). Each test points REDIS_URL at a closed port or at
a Redis of its own on another port: never the machine's shared one.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings

from articles import workflow
from articles.models import Article, Status
from newsroom.settings import cache_settings
from pagecache import generation
from pagecache.models import PendingInvalidation
from tests.helpers.factories import ArticleFactory
from tests.helpers.public import make_live

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def fresh_cache_state():
    """This process's memory of cache failures does not leak into other tests."""
    saved = dict(generation._state)
    generation._state.update(down_until=0.0, saw_failure=False, checked_at=time.monotonic())
    yield
    generation._state.clear()
    generation._state.update(saved)
    generation._state["down_until"] = 0.0


def use_redis(settings, port: int):
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0")
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 3600


class OwnRedis:
    """A redis-server of this test's own, on a free port, keeping its data in a dump across restarts."""

    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop_keeping_data(self):
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "save"], capture_output=True)
        self.process.wait(timeout=10)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.kill()


def test_public_pages_render_when_redis_is_unreachable(settings, client):
    use_redis(settings, free_port())
    article = make_live(ArticleFactory(title="Tin khi Redis hỏng"))
    for path in ["/", article.get_absolute_url(), "/feed/", "/sitemap.xml", "/search/?q=redis"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Tin khi Redis hỏng" in client.get("/").content.decode()
    assert client.get("/").get("X-Page-Cache") is None  # rendered, not cached


def test_healthz_says_degraded_but_stays_usable_by_a_load_balancer(settings, client):
    use_redis(settings, free_port())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "cache": "unavailable"}


def test_admin_save_and_unpublish_work_when_redis_is_unreachable(settings, client, editor):
    use_redis(settings, free_port())
    article = make_live(ArticleFactory(title="Tin sẽ gỡ"))
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{article.pk}/workflow/unpublish/", {"note": "Sai số liệu"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Status.UNPUBLISHED
    assert PendingInvalidation.objects.count() >= 1
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_invalidation_made_while_redis_was_away_is_applied_when_it_comes_back(settings, client, editor,
                                                                                    own_redis):
    use_redis(settings, own_redis.port)
    article = make_live(ArticleFactory(title="Tin sẽ gỡ khi Redis vắng"))
    anonymous = client.__class__()
    assert "Tin sẽ gỡ khi Redis vắng" in anonymous.get("/").content.decode()
    assert anonymous.get("/")["X-Page-Cache"] == "hit"
    own_redis.stop_keeping_data()  # Redis goes away, with the cached home page in its dump

    workflow.unpublish(article, editor, "Sai số liệu")
    assert PendingInvalidation.objects.count() >= 1
    assert "Tin sẽ gỡ khi Redis vắng" not in anonymous.get("/").content.decode()  # rendered without it

    own_redis.start()  # back, with the old generation and the old home page
    generation._state["down_until"] = 0.0  # the retry window has passed
    home = anonymous.get("/").content.decode()
    assert "Tin sẽ gỡ khi Redis vắng" not in home
    assert PendingInvalidation.objects.count() == 0


def test_a_process_that_never_saw_the_failure_applies_pending_invalidations_within_the_recheck(settings, client,
                                                                                                own_redis):
    use_redis(settings, own_redis.port)
    settings.PAGE_CACHE_RECHECK_SECONDS = 0
    article = make_live(ArticleFactory(title="Tin cũ trong bộ nhớ đệm"))
    assert "Tin cũ trong bộ nhớ đệm" in client.get("/").content.decode()
    # Another process changed the article while Redis was away from it, and kept the invalidation.
    with override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{free_port()}/0")):
        Article.objects.filter(pk=article.pk).update(title="Tin đã sửa")
        generation.bump_generation("another process's edit")
    generation._state.update(down_until=0.0, saw_failure=False)  # this process saw nothing
    assert PendingInvalidation.objects.count() == 1
    assert "Tin đã sửa" in client.get("/").content.decode()

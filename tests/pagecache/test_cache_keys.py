"""Page-cache keys are bounded (issue #13, item 5): tracking and unread parameters make no new entry,
404s are never kept, and `check --deploy` refuses a Redis that would not evict."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from newsroom.settings import cache_settings
from pagecache import checks
from tests.helpers.factories import ArticleFactory
from tests.helpers.public import make_live

pytestmark = pytest.mark.django_db


def page_keys() -> set[str]:
    return {key for key in cache._cache if ":page-cache:" in key and "generation" not in key and "next" not in key}


def test_tracking_parameters_share_the_page_without_them(client):
    make_live(ArticleFactory(title="Tin có quảng cáo"))
    assert client.get("/")["X-Page-Cache"] == "miss"
    before = page_keys()
    for n in range(20):
        response = client.get(f"/?utm_source={n}&fbclid=x{n}&gclid={n}")
        assert response["X-Page-Cache"] == "hit"
        assert "Tin có quảng cáo" in response.content.decode()
    assert page_keys() == before


def test_parameters_a_page_does_not_read_make_no_new_entry(client):
    make_live(ArticleFactory(title="Tin trang chủ"))
    client.get("/")
    before = page_keys()
    for n in range(10):
        assert client.get(f"/?x={n}")["X-Page-Cache"] == "hit"
    assert page_keys() == before


def test_parameters_a_page_reads_still_name_their_own_page(client):
    dong_hoi = make_live(ArticleFactory(title="Đồng Hới đón khách")).get_absolute_url()
    le_thuy = make_live(ArticleFactory(title="Lệ Thủy mùa lũ")).get_absolute_url()
    first = client.get("/search/?q=dong+hoi&utm_medium=zalo").content.decode()
    second = client.get("/search/?q=le+thuy").content.decode()
    assert dong_hoi in first and le_thuy not in first
    assert le_thuy in second and dong_hoi not in second
    assert client.get("/search/?utm_medium=x&q=dong+hoi")["X-Page-Cache"] == "hit"  # order and tracking ignored


def test_a_404_is_never_kept(client):
    before = page_keys()
    for n in range(10):
        response = client.get(f"/khong-co/trang-{n}/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response
    assert page_keys() == before


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("options, expected", [
    ([], ["pagecache.E001", "pagecache.E002"]),
    (["--maxmemory", "64mb", "--maxmemory-policy", "noeviction"], ["pagecache.E002"]),
    (["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"], []),
])
def test_check_deploy_refuses_a_redis_that_does_not_evict(settings, tmp_path, options, expected):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--dir", str(tmp_path), *options], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.05)
        settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = cache_settings(settings.REDIS_URL)
        assert [problem.id for problem in checks.redis_evicts(None)] == expected
    finally:
        process.kill()
        process.wait(timeout=10)

"""Presence: opening an article someone else has open says who, and since when; nothing is locked."""

import datetime
import re
import socket
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from redis.exceptions import RedisError

from articles.admin import presence
from newsroom.settings import cache_settings
from pagecache import generation
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory


@pytest.fixture
def article(reporter):
    return ArticleFactory(created_by=reporter, title="Bài đang viết")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


def _line(html):
    match = re.search(r'<p class="presence-line" id="presence-line"[^>]*>([^<]*)</p>', html)
    return match.group(1) if match else None


def test_the_second_person_sees_who_has_it_open_and_since_when(client, editor, chief_editor, article):
    editor.first_name, editor.last_name = "Lan", "Nguyễn"
    editor.save()
    client.force_login(editor)
    opened = timezone.localtime()
    assert _line(client.get(change_url(article)).content.decode()) == ""  # nobody else
    client.force_login(chief_editor)
    line = _line(client.get(change_url(article)).content.decode())
    assert re.fullmatch(r"Đang được sửa bởi Lan Nguyễn \(từ \d\d:\d\d\)", line), line
    shown = line[-6:-1]
    # The time is local (Asia/Ho_Chi_Minh), the minute the form was opened.
    assert shown in {opened.strftime("%H:%M"), (opened + datetime.timedelta(minutes=1)).strftime("%H:%M")}
    # Nothing is locked: the second person saves.
    assert client.post(change_url(article), change_form_data(article, title="Vẫn lưu được")).status_code == 302


def test_the_heartbeat_answers_the_others_and_a_closed_tab_leaves_at_once(client, editor, chief_editor, article):
    client.force_login(editor)
    assert client.post(presence_url(article), {"tab": "tabcuaLan"}).json() == {"others": [], "line": ""}
    client.force_login(chief_editor)
    answer = client.post(presence_url(article), {"tab": "tabtruongban"}).json()
    assert [person["name"] for person in answer["others"]] == ["editor"]
    assert answer["line"].startswith("Đang được sửa bởi editor (từ ")
    client.force_login(editor)
    assert client.post(presence_url(article), {"tab": "tabcuaLan", "leave": "1"}).status_code == 200
    client.force_login(chief_editor)
    assert client.post(presence_url(article), {"tab": "tabtruongban"}).json()["others"] == []


def test_an_entry_expires_a_minute_after_its_last_beat(editor, chief_editor, article):
    now = time.time()
    presence.beat(article.pk, editor, "tab1", now=now)
    assert len(presence.others(article.pk, chief_editor, now=now + presence.EXPIRE_SECONDS - 1)) == 1
    assert presence.others(article.pk, chief_editor, now=now + presence.EXPIRE_SECONDS + 1) == []


def test_presence_needs_a_post_and_the_right_to_open_the_article(client, other_reporter, article):
    client.force_login(other_reporter)
    assert client.get(presence_url(article)).status_code == 405
    assert client.post(presence_url(article), {"tab": "abc"}).status_code == 403
    assert cache.get(f"newsroom:presence:article:{article.pk}") is None


def test_a_bad_tab_id_is_refused_in_vietnamese(client, editor, article):
    client.force_login(editor)
    response = client.post(presence_url(article), {"tab": "<script>"})
    assert response.status_code == 400
    assert response.json()["error"] == "Thiếu mã thẻ trình duyệt."


@pytest.fixture
def fresh_cache_state():
    """This process's memory of cache failures (pagecache's breaker) does not leak into other tests."""
    saved = dict(generation._state)
    generation._state.update(down_until=0.0, saw_failure=False)
    yield
    generation._state.clear()
    generation._state.update(saved)
    generation._state["down_until"] = 0.0


def test_without_redis_presence_shows_nothing_and_the_form_opens(client, editor, article, settings,
                                                                  fresh_cache_state):
    # A Redis that is not there (a free port nothing listens on): every presence call fails quietly.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0")
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    with pytest.raises(RedisError):  # the cache really is unreachable
        cache.get("anything")
    client.force_login(editor)
    assert client.post(presence_url(article), {"tab": "abc"}).json() == {"others": [], "line": ""}
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert _line(response.content.decode()) == ""

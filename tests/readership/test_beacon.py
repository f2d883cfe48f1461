"""The view beacon (issue 13, item 9): one view per client per article in a window, no cross-site posts,
the current figure in its answer, and every counted view counted toward its day (issue 21)."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from articles.public import counter
from articles.public.counter import article_viewed
from readership.counting import add_views
from readership.models import DailyViews
from tests.helpers.factories import ArticleFactory

from .readers import BROWSER, beacon_url, reader_agent


def views_of(article) -> int:
    return Article.objects.get(pk=article.pk).view_count


def daily(article) -> dict:
    return dict(DailyViews.objects.filter(article=article).values_list("day", "count"))


def today():
    return timezone.localdate()


def test_a_reader_is_counted_once_in_the_window_and_gets_the_current_figure(client, db):
    article = ArticleFactory(live=True)
    first = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    again = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    assert first.status_code == again.status_code == 200
    assert first.json() == {"views": 1, "label": "1 lượt xem", "counted": True}
    assert again.json() == {"views": 1, "label": "1 lượt xem", "counted": False}
    assert views_of(article) == 1
    assert daily(article) == {today(): 1}


def test_other_browsers_and_other_addresses_are_other_readers(client, db):
    article = ArticleFactory(live=True)
    client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(1))
    client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(2))
    client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(1), REMOTE_ADDR="203.0.113.9")
    client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(1))  # reader 1 again
    assert views_of(article) == 3
    assert daily(article) == {today(): 3}


def test_the_same_reader_counts_once_per_article_not_once_overall(client, db):
    first, second = ArticleFactory(live=True), ArticleFactory(live=True)
    client.post(beacon_url(first), HTTP_USER_AGENT=BROWSER)
    client.post(beacon_url(second), HTTP_USER_AGENT=BROWSER)
    assert (views_of(first), views_of(second)) == (1, 1)


def test_after_the_window_the_same_reader_counts_again(client, db, settings):
    settings.VIEW_COUNT_WINDOW_SECONDS = 1
    article = ArticleFactory(live=True)
    client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    time.sleep(1.2)
    assert client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER).json()["counted"] is True
    assert views_of(article) == 2


def test_a_window_of_zero_counts_every_post(client, db, settings):
    settings.VIEW_COUNT_WINDOW_SECONDS = 0
    article = ArticleFactory(live=True)
    for _ in range(3):
        client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    assert views_of(article) == 3


def test_the_cache_holds_a_keyed_hash_only_not_the_address_or_browser(client, db):
    article = ArticleFactory(live=True)
    client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.23")
    keys = [key for key in cache._cache if "view-seen:" in key]  # local memory cache of the tests
    assert len(keys) == 1
    assert "198.51.100.23" not in keys[0] and "Android" not in keys[0]
    assert "198.51.100.23" not in repr(cache._cache) and BROWSER not in repr(cache._cache)


def test_the_hash_salt_changes_every_day():
    request = RequestFactory().post("/v/1/", HTTP_USER_AGENT=BROWSER)
    monday = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))
    assert counter.client_key(request, 1, now=monday) == counter.client_key(
        request, 1, now=monday + datetime.timedelta(hours=5))
    assert counter.client_key(request, 1, now=monday) != counter.client_key(
        request, 1, now=monday + datetime.timedelta(days=1))


@pytest.mark.parametrize("headers", [
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver.evil.example"},
])
def test_cross_site_posts_are_refused_and_not_counted(client, db, headers):
    article = ArticleFactory(live=True)
    response = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER, **headers)
    assert response.status_code == 403
    assert "trang khác" in response.content.decode()
    assert views_of(article) == 0
    assert daily(article) == {}


@pytest.mark.parametrize("headers", [
    {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
    {"HTTP_ORIGIN": "http://testserver"},
    {},  # a browser too old to say
])
def test_posts_from_the_sites_own_pages_are_counted(client, db, headers):
    article = ArticleFactory(live=True)
    assert client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER, **headers).status_code == 200
    assert views_of(article) == 1


def test_the_site_url_origin_is_the_sites_own(client, db, settings):
    settings.SITE_URL = "https://baodongha.example"
    article = ArticleFactory(live=True)
    response = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER, HTTP_ORIGIN="https://baodongha.example")
    assert response.status_code == 200
    assert views_of(article) == 1


def test_robots_are_not_counted_and_get_no_figure(client, db):
    article = ArticleFactory(live=True)
    assert client.post(beacon_url(article), HTTP_USER_AGENT="Googlebot/2.1").status_code == 204
    assert views_of(article) == 0 and daily(article) == {}


def test_staff_get_the_figure_but_are_not_counted(client, db, editor):
    article = ArticleFactory(live=True)
    Article.objects.filter(pk=article.pk).update(view_count=41)
    client.force_login(editor)
    response = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    assert response.json() == {"views": 41, "label": "41 lượt xem", "counted": False}
    assert views_of(article) == 41 and daily(article) == {}


def test_articles_that_are_not_live_are_not_counted_and_do_not_use_up_the_window(client, db):
    draft = ArticleFactory()
    assert client.post(beacon_url(draft), HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.post(beacon_url(draft), HTTP_USER_AGENT=BROWSER).status_code == 404
    assert views_of(draft) == 0 and daily(draft) == {}


def test_legacy_counts_stay_in_the_total_and_in_no_day(client, db):
    article = ArticleFactory(live=True)
    Article.objects.filter(pk=article.pk).update(view_count=1500)  # as the legacy importer leaves it
    response = client.post(beacon_url(article), HTTP_USER_AGENT=BROWSER)
    assert response.json()["label"] == "1.501 lượt xem"
    assert daily(article) == {today(): 1}


def test_a_view_counts_toward_its_day_in_vietnam_not_in_utc(db):
    article = ArticleFactory(live=True)
    # 18:30 UTC on 1 March is 01:30 on 2 March in Asia/Ho_Chi_Minh.
    late_utc = datetime.datetime(2025, 3, 1, 18, 30, tzinfo=datetime.timezone.utc)
    article_viewed.send(sender=Article, article_id=article.pk, viewed_at=late_utc)
    article_viewed.send(sender=Article, article_id=article.pk, viewed_at=late_utc - datetime.timedelta(hours=2))
    assert daily(article) == {datetime.date(2025, 3, 2): 1, datetime.date(2025, 3, 1): 1}


def test_the_page_shows_its_cached_figure_and_the_beacon_the_databases(client, db):
    article = ArticleFactory(live=True)
    url = article.get_absolute_url()
    first = client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()
    assert '<span class="view-count">0 lượt xem</span>' in first
    for number in range(1, 5):
        answer = client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(number)).json()
    assert views_of(article) == 4
    # The page and its fragments stay cached (no content changed): the figure in the HTML is the old one,
    # and the beacon's answer, which the page's script puts in its place, is the database's.
    assert '<span class="view-count">0 lượt xem</span>' in client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()
    assert answer == {"views": 4, "label": "4 lượt xem", "counted": True}


def test_the_pages_script_shows_the_beacons_figure(client, db):
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/views.js"), encoding="utf-8").read()
    assert ".view-count" in script and "figure.textContent = data.label" in script
    assert 'credentials: "same-origin"' in script


# --- Concurrency (PostgreSQL: SQLite serialises writers) ------------------------------------------


def _run_threads(count, work):
    barrier = threading.Barrier(count)
    failures = []

    def runner(number):
        try:
            barrier.wait()
            work(number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises writers)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_beacons_lose_no_view_of_the_day():
    _postgres_only()
    article = ArticleFactory(live=True)
    threads, per_thread = 8, 25

    def reader(number):
        client = Client()
        for index in range(per_thread):
            response = client.post(beacon_url(article), HTTP_USER_AGENT=reader_agent(number * 1000 + index))
            assert response.status_code == 200 and response.json()["counted"] is True

    assert _run_threads(threads, reader) == []
    assert views_of(article) == threads * per_thread
    assert daily(article) == {today(): threads * per_thread}
    assert DailyViews.objects.filter(article=article).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_client_posting_from_many_tabs_at_once_counts_once():
    _postgres_only()
    article = ArticleFactory(live=True)

    def tab(number):
        Client().post(beacon_url(article), HTTP_USER_AGENT=BROWSER)

    assert _run_threads(8, tab) == []
    assert views_of(article) == 1
    assert daily(article) == {today(): 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_upserts_of_a_new_day_make_one_exact_row():
    _postgres_only()
    article = ArticleFactory(live=True)
    day = datetime.date(2025, 5, 19)

    def writer(number):
        for _ in range(50):
            add_views(article_id=article.pk, day=day, count=2)

    assert _run_threads(8, writer) == []
    assert daily(article) == {day: 8 * 50 * 2}

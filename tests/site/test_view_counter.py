"""The view counter: one per reader view, exact under concurrency, not for bots or staff."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.helpers.factories import ArticleFactory

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


def views_of(article):
    return Article.objects.get(pk=article.pk).view_count


def test_the_article_page_carries_the_beacon_and_its_script(client, db):
    article = ArticleFactory(live=True)
    html = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).content.decode()
    assert f'data-view-beacon="{reverse("articles:count_view", args=[article.pk])}"' in html
    assert 'src="/static/js/views.js"' in html


def test_each_reader_view_counts_once_even_when_the_page_is_cached(client, db):
    """Three readers (three browsers) read the page, served from the cache after the first: three views.
    One reader coming back within the window counts once (readership: VIEW_COUNT_WINDOW_SECONDS)."""
    article = ArticleFactory(live=True)
    beacon = reverse("articles:count_view", args=[article.pk])
    for reader in range(3):
        agent = f"{BROWSER} reader/{reader}"
        client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
        response = client.post(beacon, HTTP_USER_AGENT=agent)
        assert response.status_code == 200
        assert response.json()["views"] == reader + 1
    client.post(beacon, HTTP_USER_AGENT=f"{BROWSER} reader/0")
    assert views_of(article) == 3


@pytest.mark.parametrize("user_agent", [
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "Mozilla/5.0 AhrefsCrawler",
    "Baiduspider",
    "facebookexternalhit/1.1",
    "Mozilla/5.0 (Macintosh) Chrome/120 Safari/537.36 Google Page Preview",
    "Mozilla/5.0 HeadlessChrome/130.0",
    "",
])
def test_robots_and_link_previews_are_not_counted(client, db, user_agent):
    article = ArticleFactory(live=True)
    assert client.post(reverse("articles:count_view", args=[article.pk]),
                       HTTP_USER_AGENT=user_agent).status_code == 204
    assert views_of(article) == 0


def test_staff_are_not_counted(client, db, editor):
    article = ArticleFactory(live=True)
    beacon = reverse("articles:count_view", args=[article.pk])
    client.force_login(editor)
    response = client.post(beacon, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert response.json()["counted"] is False  # the page still shows them the current figure
    assert views_of(article) == 0


def test_articles_that_are_not_live_are_not_counted(client, db):
    draft = ArticleFactory()
    response = client.post(reverse("articles:count_view", args=[draft.pk]), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert views_of(draft) == 0


def test_the_beacon_is_never_cached_and_refuses_get(client, db):
    article = ArticleFactory(live=True)
    beacon = reverse("articles:count_view", args=[article.pk])
    assert client.get(beacon, HTTP_USER_AGENT=BROWSER).status_code == 405
    response = client.post(beacon, HTTP_USER_AGENT=BROWSER)
    assert "no-store" in response["Cache-Control"]
    assert views_of(article) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_lose_no_increment():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises writers); run make test-postgres")
    article = ArticleFactory(live=True)
    beacon = reverse("articles:count_view", args=[article.pk])
    threads, per_thread = 8, 25
    barrier = threading.Barrier(threads)
    failures = []

    def reader(number):
        client = Client()
        barrier.wait()
        for visit in range(per_thread):  # each post a distinct reader: one view each
            if client.post(beacon, HTTP_USER_AGENT=f"{BROWSER} reader/{number}-{visit}").status_code != 200:
                failures.append(1)
        connection.close()

    workers = [threading.Thread(target=reader, args=(number,)) for number in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert views_of(article) == threads * per_thread

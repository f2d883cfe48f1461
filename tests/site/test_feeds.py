"""RSS and Atom feeds, site-wide and per section: they parse and list live articles only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.helpers.factories import ArticleFactory, AuthorFactory, SectionFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute links come from SITE_URL, not from the request's host (testserver)."""
    settings.SITE_URL = "https://dongphu.gov.vn"

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(db, section):
    older = ArticleFactory(title="Tin cũ", lead="Sapo tin cũ.", section=section, byline=[AuthorFactory(name="Lê Minh")],
                           live=True, publish_at=timezone.now() - datetime.timedelta(days=2))
    newer = ArticleFactory(title="Tin mới <b>đậm</b> & rõ", lead="Sapo tin mới.", section=section,
                           live=True, publish_at=timezone.now() - datetime.timedelta(hours=1))
    elsewhere = ArticleFactory(title="Tin chuyên mục khác", section=SectionFactory(name="Kinh tế"),
                               live=True, publish_at=timezone.now() - datetime.timedelta(hours=3))
    return older, newer, elsewhere


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), root.findall("channel/item")


def test_site_feed_lists_live_articles_newest_first(client, articles, settings):
    older, newer, elsewhere = articles
    channel, items = rss_items(client, "/feed/")

    assert channel.findtext("title") == settings.SITE_NAME
    assert [item.findtext("title") for item in items] == [newer.title, elsewhere.title, older.title]
    first = items[0]
    assert first.findtext("link") == f"https://dongphu.gov.vn{newer.get_absolute_url()}"
    assert first.findtext("description") == "Sapo tin mới."
    assert first.findtext("pubDate")
    assert first.findtext("guid") == f"{settings.SITE_URL}/#article-{newer.pk}"
    assert items[2].findtext("category") == "An ninh – Trật tự"
    assert "Lê Minh" in ET.tostring(items[2], encoding="unicode")


def test_section_feed_lists_only_that_section(client, articles, section):
    older, newer, _elsewhere = articles
    channel, items = rss_items(client, f"/chuyen-muc/{section.slug}/feed/")

    assert channel.findtext("title").startswith("An ninh – Trật tự – ")
    assert [item.findtext("title") for item in items] == [newer.title, older.title]


def test_atom_feeds_parse(client, articles, section):
    older, newer, elsewhere = articles
    for url, expected in [("/feed/atom/", [newer.title, elsewhere.title, older.title]),
                          (f"/chuyen-muc/{section.slug}/atom/", [newer.title, older.title])]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert [entry.findtext(f"{ATOM}title") for entry in entries] == expected
        assert all(entry.findtext(f"{ATOM}updated") for entry in entries)


def test_feed_of_unknown_section_is_404(client, db):
    assert client.get("/chuyen-muc/khong-co/feed/").status_code == 404
    assert client.get("/chuyen-muc/khong-co/atom/").status_code == 404


def test_feed_query_count_is_fixed(client, db, django_assert_max_num_queries):
    for _ in range(5):
        ArticleFactory(byline=[AuthorFactory(), AuthorFactory()], live=True)
    # The articles (with their attachments, as JSON), bylines, sections' menu... and the photo
    # slots that the full body in content:encoded shows: four, whatever the number of articles.
    with django_assert_max_num_queries(4):
        assert client.get("/feed/").status_code == 200

"""Sitemaps (index, sections, Google News) and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from django.utils.timezone import localtime

from articles.public.sitemaps import ArticleSitemap
from tests.helpers.factories import ArticleFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    """Absolute links come from SITE_URL, not from the request's host (testserver)."""
    settings.SITE_URL = "https://dongphu.gov.vn"

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


@pytest.fixture
def live_articles(db, section, author):
    today = ArticleFactory(title="Tin hôm nay", section=section, byline=[author],
                           live=True, publish_at=timezone.now() - datetime.timedelta(hours=2))
    today.tags.add("Đồng Hới")
    old = ArticleFactory(title="Tin tuần trước", section=section,
                         live=True, publish_at=timezone.now() - datetime.timedelta(days=7))
    return today, old


def test_sitemap_index_names_every_sitemap(client, live_articles):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SM}loc")]
    assert locations == [f"https://dongphu.gov.vn/sitemap-{name}.xml"
                         for name in ("articles", "sections", "tags", "authors", "documents", "consultations")]


def test_article_sitemap_lists_live_articles_with_lastmod(client, live_articles, section, author):
    today, old = live_articles
    root = xml(client, "/sitemap-articles.xml")
    urls = {url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in root.iter(f"{SM}url")}
    assert set(urls) == {f"https://dongphu.gov.vn{today.get_absolute_url()}", f"https://dongphu.gov.vn{old.get_absolute_url()}"}
    assert urls[f"https://dongphu.gov.vn{today.get_absolute_url()}"] == localtime(today.updated_at).date().isoformat()
    assert [loc.text for loc in xml(client, "/sitemap-sections.xml").iter(f"{SM}loc")] == [
        f"https://dongphu.gov.vn/chuyen-muc/{section.slug}/"]
    assert [loc.text for loc in xml(client, "/sitemap-tags.xml").iter(f"{SM}loc")] == [
        "https://dongphu.gov.vn/the/dong-hoi/"]
    assert f"https://dongphu.gov.vn/tac-gia/{author.slug}/" in [
        loc.text for loc in xml(client, "/sitemap-authors.xml").iter(f"{SM}loc")]


def test_a_large_sitemap_is_split_into_pages(client, live_articles, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    locations = [loc.text for loc in xml(client, "/sitemap.xml").iter(f"{SM}loc")]
    assert "https://dongphu.gov.vn/sitemap-articles.xml?p=2" in locations
    assert len(list(xml(client, "/sitemap-articles.xml?p=2").iter(f"{SM}url"))) == 1
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


def test_news_sitemap_has_the_last_two_days_only(client, live_articles, settings):
    today, _old = live_articles
    root = xml(client, "/sitemap-news.xml")
    urls = root.findall(f"{SM}url")
    assert [url.findtext(f"{SM}loc") for url in urls] == [f"https://dongphu.gov.vn{today.get_absolute_url()}"]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Tin hôm nay"
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == settings.SITE_NAME
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    assert news.findtext(f"{NEWS}publication_date") == localtime(today.publish_at).isoformat()


def test_unknown_sitemap_section_is_404(client, db):
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_robots_txt_names_the_sitemaps(client, db, settings):
    settings.SITE_URL = "https://tin.example.vn"
    response = client.get("/robots.txt", HTTP_HOST="testserver")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    # Addresses from SITE_URL, never from the request's Host header.
    assert "Sitemap: https://tin.example.vn/sitemap.xml\n" in body
    assert "Sitemap: https://tin.example.vn/sitemap-news.xml\n" in body
    assert "Disallow: /admin/\n" in body

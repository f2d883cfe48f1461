"""Feeds, sitemaps and robots.txt never take their host from the request (issue #13, item 6).

The page cache keys pages on path and language only: a feed built from a
crafted Host header (any name in ALLOWED_HOSTS) would be served to everyone.
"""

import pytest

from tests.helpers.factories import ArticleFactory
from tests.helpers.public import make_live

pytestmark = pytest.mark.django_db

ADDRESSES = ["/feed/", "/feed/atom/", "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml",
             "/sitemap-authors.xml", "/robots.txt"]


@pytest.mark.parametrize("path", ADDRESSES)
def test_a_crafted_host_never_reaches_a_feed_or_sitemap(client, settings, path):
    settings.ALLOWED_HOSTS = ["dongphu.gov.vn", "evil.example"]
    settings.SITE_URL = "https://dongphu.gov.vn"
    article = make_live(ArticleFactory(title="Tin Đồng Phú"))
    evil = client.get(path, HTTP_HOST="evil.example")
    assert evil.status_code == 200
    body = evil.content.decode()
    assert "evil.example" not in body
    assert "https://dongphu.gov.vn/" in body
    if path not in ("/robots.txt", "/sitemap.xml", "/sitemap-authors.xml"):
        assert "https://dongphu.gov.vn" + article.get_absolute_url() in body
    # What the next reader gets from the page cache is the same, whatever their host.
    assert "evil.example" not in client.get(path, HTTP_HOST="dongphu.gov.vn").content.decode()

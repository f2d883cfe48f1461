"""No leaks: an article that is not live is a 404 and appears in no page, list, feed,
sitemap, search result, tag, author or related block."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Status
from tests.helpers.factories import ArticleFactory
from tests.helpers.public import set_state

NOT_LIVE = [
    ("draft", Status.DRAFT, None),
    ("in_review", Status.IN_REVIEW, None),
    ("approved", Status.APPROVED, None),
    ("scheduled_future", Status.SCHEDULED, datetime.timedelta(days=1)),
    ("published_future", Status.PUBLISHED, datetime.timedelta(hours=1)),
    ("unpublished", Status.UNPUBLISHED, -datetime.timedelta(days=1)),
    ("draft_with_past_date", Status.DRAFT, -datetime.timedelta(days=1)),
]


@pytest.fixture
def live(db, section, author):
    return ArticleFactory(title="Tin công khai về Quảng Bình", section=section, byline=[author], tags=["Quảng Bình"],
                          live=True)


@pytest.mark.parametrize("name,status,offset", NOT_LIVE, ids=[row[0] for row in NOT_LIVE])
def test_an_article_that_is_not_live_appears_nowhere(client, live, section, author, name, status, offset):
    hidden = ArticleFactory(title="Bímậtxyz Quảng Bình chưa đăng", lead="Nội dung bímậtxyz.",
                            section=section, byline=[author])
    hidden.tags.add("Quảng Bình")
    set_state(hidden, status, timezone.now() + offset if offset is not None else None)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/bai/{hidden.slug}/").status_code == 404
    pages = {
        "home": "/",
        "section": f"/chuyen-muc/{section.slug}/",
        "tag": "/the/quang-binh/",
        "author": f"/tac-gia/{author.slug}/",
        "related": live.get_absolute_url(),
        "search": "/search/?q=bimatxyz",
        "search_accented": "/search/?q=Quảng+Bình",
        "rss": "/feed/",
        "atom": "/feed/atom/",
        "section_rss": f"/chuyen-muc/{section.slug}/feed/",
        "section_atom": f"/chuyen-muc/{section.slug}/atom/",
        "sitemap": "/sitemap-articles.xml",
        "news_sitemap": "/sitemap-news.xml",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        content = response.content.decode()
        # The live article is there (the page works), the hidden one is not.
        if where not in {"related", "search"}:
            assert live.slug in content, where
        assert "Bímậtxyz" not in content and "bímậtxyz" not in content, where
        assert hidden.slug not in content, where


@pytest.mark.parametrize("name,status,offset", NOT_LIVE, ids=[row[0] for row in NOT_LIVE])
def test_a_hidden_article_alone_leaves_tag_and_section_sitemaps_empty(client, db, section, name, status, offset):
    hidden = ArticleFactory(title="Chỉ có bài ẩn", section=section)
    hidden.tags.add("Thẻ riêng bài ẩn")
    set_state(hidden, status, timezone.now() + offset if offset is not None else None)

    for url in ["/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml"]:
        content = client.get(url).content.decode()
        assert "<loc>" not in content, url
    assert "Chỉ có bài ẩn" not in client.get("/").content.decode()


def test_unpublishing_removes_a_live_article_everywhere(client, live, section):
    assert live.title in client.get("/").content.decode()
    set_state(live, Status.UNPUBLISHED, live.publish_at)

    assert client.get(live.get_absolute_url()).status_code == 404
    for url in ["/", f"/chuyen-muc/{section.slug}/", "/feed/", "/sitemap-articles.xml", "/search/?q=quang+binh"]:
        assert live.slug not in client.get(url).content.decode(), url

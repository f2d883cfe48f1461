"""The public page cache: hits cost no query, and content changes are never served stale."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pagecache import generation as page_cache
from tests.helpers.factories import ArticleFactory


@pytest.fixture
def live_article(db):
    return ArticleFactory(title="Đồng Hới khánh thành cầu Nhật Lệ 3", live=True)


def test_a_second_anonymous_view_is_a_hit_with_no_query(client, live_article, django_assert_num_queries):
    first = client.get(reverse("articles:home"))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(reverse("articles:home"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Đồng Hới khánh thành cầu Nhật Lệ 3" in second.content.decode()


def test_publishing_shows_at_once_on_cached_pages(client, live_article):
    client.get(reverse("articles:home"))
    newer = ArticleFactory(title="Huế mở cửa lễ hội", live=True)
    page = client.get(reverse("articles:home")).content.decode()
    assert "Huế mở cửa lễ hội" in page
    assert client.get(newer.get_absolute_url()).status_code == 200


def test_unpublishing_removes_the_article_from_every_cached_page_at_once(client, live_article):
    article_url = live_article.get_absolute_url()
    pages = [reverse("articles:home"), article_url, live_article.section.get_absolute_url(),
             live_article.byline()[0].get_absolute_url()]
    for url in pages:
        assert client.get(url).status_code == 200
    live_article.status = "unpublished"
    live_article.save()
    assert client.get(article_url).status_code == 404
    for url in pages[:1] + pages[2:]:
        assert "Đồng Hới khánh thành cầu Nhật Lệ 3" not in client.get(url).content.decode(), url


def test_editing_a_live_article_changes_the_cached_page(client, live_article):
    client.get(live_article.get_absolute_url())
    live_article.title = "Đồng Hới khánh thành cầu Nhật Lệ 3 (đã sửa)"
    live_article.save()
    assert "(đã sửa)" in client.get(live_article.get_absolute_url()).content.decode()


def test_a_reporter_typing_a_draft_does_not_empty_the_cache(client, live_article):
    draft = ArticleFactory(title="Bản nháp")
    client.get(reverse("articles:home"))
    generation = page_cache.current_generation()[0]
    draft.lead = "Sửa sapo."
    draft.save()
    assert page_cache.current_generation()[0] == generation
    assert client.get(reverse("articles:home"))["X-Page-Cache"] == "hit"


def test_a_scheduled_article_goes_live_on_cached_pages_at_its_time(client, live_article):
    scheduled = ArticleFactory(title="Bài hẹn giờ")
    scheduled.status = "scheduled"
    scheduled.publish_at = timezone.now() + timedelta(hours=1)
    scheduled.save()
    assert "Bài hẹn giờ" not in client.get(reverse("articles:home")).content.decode()
    # The hour passes: the stored time is now in the past, with no save and no signal.
    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    cache.set(page_cache.NEXT_SCHEDULED_KEY, (timezone.now() - timedelta(seconds=1)).timestamp(), None)
    assert "Bài hẹn giờ" in client.get(reverse("articles:home")).content.decode()


def test_logged_in_staff_are_never_served_from_the_cache(client, live_article, editor):
    client.get(reverse("articles:home"))
    client.force_login(editor)
    response = client.get(reverse("articles:home"))
    assert not response.has_header("X-Page-Cache")


def test_responses_carry_validators_and_answer_conditional_gets(client, live_article):
    first = client.get(live_article.get_absolute_url())
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=5, must-revalidate"
    again = client.get(live_article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_admin_is_never_cached(admin_client, live_article):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")


def test_a_list_is_counted_once_per_content_generation(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = ArticleFactory().section
    for number in range(25):
        ArticleFactory(section=section, title=f"Tin số {number}", live=True)
    url = section.get_absolute_url()
    assert "Trang 1/2" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"page": 2}).content.decode()
    assert "Trang 2/2" in page
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    for number in range(20):  # a new generation: counted again
        ArticleFactory(section=section, title=f"Tin mới {number}", live=True)
    assert "Trang 2/3" in client.get(url, {"page": 2}).content.decode()

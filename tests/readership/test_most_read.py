"""Đọc nhiều (most read) on the home page and each section page: the most viewed live articles of the
last 7 days, never a draft, a trashed, an unpublished or a scheduled article; as cheap as a cached fragment."""

import datetime

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from readership.models import DailyViews
from tests.helpers.factories import ArticleFactory, SectionFactory

from .readers import BROWSER


def viewed(article, count, days_ago=0):
    DailyViews.objects.create(article=article, day=timezone.localdate() - datetime.timedelta(days=days_ago),
                              count=count)
    return article


def most_read_block(html: str) -> str:
    start = html.find('<section class="most-read"')
    return "" if start < 0 else html[start:html.index("</section>", start)]


def titles_in(block: str, *titles) -> list[str]:
    return sorted((block.index(title), title) for title in titles if title in block)


def test_the_home_page_lists_the_most_viewed_live_articles_in_order(client, db):
    viewed(ArticleFactory(title="Ít người đọc", live=True), 3)
    viewed(viewed(ArticleFactory(title="Nhiều người đọc", live=True), 50, days_ago=6), 10)
    viewed(ArticleFactory(title="Đọc vừa", live=True), 20, days_ago=1)
    viewed(ArticleFactory(title="Tuần trước", live=True), 500, days_ago=7)  # outside the 7 days
    block = most_read_block(client.get(reverse("articles:home"), HTTP_USER_AGENT=BROWSER).content.decode())
    assert "Đọc nhiều" in block
    assert [title for _at, title in titles_in(block, "Nhiều người đọc", "Đọc vừa", "Ít người đọc", "Tuần trước")] == [
        "Nhiều người đọc", "Đọc vừa", "Ít người đọc"]


def test_drafts_trashed_unpublished_and_scheduled_articles_never_show(client, db):
    viewed(ArticleFactory(title="Bài đang đăng", live=True), 1)
    viewed(ArticleFactory(title="Bản nháp bí mật"), 900)
    viewed(ArticleFactory(title="Bài trong thùng rác", live=True, trashed=True), 900)
    viewed(ArticleFactory(title="Bài đã gỡ", unpublished=True), 900)
    viewed(ArticleFactory(title="Bài hẹn giờ", scheduled=True), 900)
    viewed(ArticleFactory(title="Bài chờ duyệt", in_review=True), 900)
    html = client.get(reverse("articles:home"), HTTP_USER_AGENT=BROWSER).content.decode()
    block = most_read_block(html)
    assert "Bài đang đăng" in block
    for hidden in ("Bản nháp bí mật", "Bài trong thùng rác", "Bài đã gỡ", "Bài hẹn giờ", "Bài chờ duyệt"):
        assert hidden not in html


def test_an_article_taken_down_leaves_the_cached_block_at_once(client, db, editor):
    first = viewed(ArticleFactory(title="Bài sẽ bị gỡ", live=True), 100)
    viewed(ArticleFactory(title="Bài còn lại", live=True), 1)
    home = reverse("articles:home")
    assert "Bài sẽ bị gỡ" in most_read_block(client.get(home, HTTP_USER_AGENT=BROWSER).content.decode())
    workflow.unpublish(first, editor, note="Sai thông tin")
    block = most_read_block(client.get(home, HTTP_USER_AGENT=BROWSER).content.decode())
    assert "Bài sẽ bị gỡ" not in block and "Bài còn lại" in block


def test_a_section_page_lists_its_own_most_read(client, db):
    economy, culture = SectionFactory(name="Kinh tế"), SectionFactory(name="Văn hóa")
    viewed(ArticleFactory(title="Giá vàng", section=economy, live=True), 5)
    viewed(ArticleFactory(title="Lễ hội", section=culture, live=True), 50)
    block = most_read_block(client.get(economy.get_absolute_url(), HTTP_USER_AGENT=BROWSER).content.decode())
    assert "Giá vàng" in block and "Lễ hội" not in block


def test_no_views_no_block(client, db):
    ArticleFactory(title="Chưa ai đọc", live=True)
    html = client.get(reverse("articles:home"), HTTP_USER_AGENT=BROWSER).content.decode()
    assert most_read_block(html) == "" and "Đọc nhiều" not in html


def test_the_block_is_built_once_then_read_from_the_fragment_cache(db):
    viewed(ArticleFactory(title="Bài được đọc", live=True), 5)
    template = Template("{% load readership %}{% most_read %}")
    with CaptureQueriesContext(connection) as first:
        html = template.render(Context({}))
    with CaptureQueriesContext(connection) as second:
        assert template.render(Context({})) == html
    assert "Bài được đọc" in html
    assert len([q for q in first.captured_queries if "readership_dailyviews" in q["sql"]]) == 1
    assert [q for q in second.captured_queries if "readership" in q["sql"] or "articles_article" in q["sql"]] == []


def test_new_views_show_after_the_blocks_own_lag(db, settings):
    settings.MOST_READ_SECONDS = 1
    template = Template("{% load readership %}{% most_read %}")
    assert "Mới nổi" not in template.render(Context({}))
    viewed(ArticleFactory(title="Mới nổi", live=True), 5)  # views change no content generation
    import time

    time.sleep(1.1)
    assert "Mới nổi" in template.render(Context({}))

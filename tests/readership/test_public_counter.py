"""The public visit counter in the footer (lượt truy cập hôm nay, tổng lượt truy cập): off by default, cached."""

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from readership.models import DailyViews
from tests.helpers.factories import ArticleFactory

from .readers import BROWSER

COUNTER = Template("{% load readership %}{% public_visit_counter %}")


def test_off_by_default(client, db, settings):
    assert settings.PUBLIC_VISIT_COUNTER is False
    ArticleFactory(live=True)
    html = client.get(reverse("articles:home"), HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Lượt truy cập" not in html and "visit-counter" not in html
    with CaptureQueriesContext(connection) as queries:
        assert COUNTER.render(Context({})).strip() == ""
    assert queries.captured_queries == []


def test_when_on_the_footer_shows_today_and_all_time(client, db, settings):
    settings.PUBLIC_VISIT_COUNTER = True
    article = ArticleFactory(live=True)
    Article.objects.filter(pk=article.pk).update(view_count=12345)  # legacy views count toward the total
    DailyViews.objects.create(article=article, day=timezone.localdate(), count=1200)
    DailyViews.objects.create(article=ArticleFactory(live=True), day=timezone.localdate(), count=34)
    html = client.get(reverse("articles:home"), HTTP_USER_AGENT=BROWSER).content.decode()
    footer = html[html.index('<footer class="site-footer">'):]
    assert "Lượt truy cập hôm nay: 1.234" in footer
    assert "Tổng lượt truy cập: 12.345" in footer


def test_the_figures_are_read_from_the_cache_between_refreshes(db, settings):
    settings.PUBLIC_VISIT_COUNTER = True
    DailyViews.objects.create(article=ArticleFactory(live=True), day=timezone.localdate(), count=7)
    first = COUNTER.render(Context({}))
    DailyViews.objects.update(count=8)
    with CaptureQueriesContext(connection) as queries:
        assert COUNTER.render(Context({})) == first
    assert queries.captured_queries == []
    assert "Lượt truy cập hôm nay: 7" in first

"""A scheduled article whose time has come shows as published everywhere in the admin."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from tests.helpers.factories import ArticleFactory


@pytest.fixture
def due(editor):
    """Scheduled an hour ahead, then its time came (the stored status is still `scheduled`)."""
    article = ArticleFactory(title="Bài hẹn giờ đã đến giờ")
    workflow.publish(article, editor, at=timezone.now() + datetime.timedelta(hours=1))
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=5))
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    return article


@pytest.fixture
def future(editor):
    article = ArticleFactory(title="Bài hẹn giờ ngày mai")
    workflow.publish(article, editor, at=timezone.now() + datetime.timedelta(days=1))
    return article


def row_of(page, title):
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(title) + r".*?</tr>", page, re.S)
    assert match, title
    return match.group(0)


def test_list_status_column(client, editor, due, future):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Đã đăng" in row_of(page, due.title) and "Hẹn giờ đăng" not in row_of(page, due.title)
    assert "Hẹn giờ đăng" in row_of(page, future.title)


def test_list_filter(client, editor, due, future):
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    published = client.get(url, {"status__exact": "published"}).content.decode()
    scheduled = client.get(url, {"status__exact": "scheduled"}).content.decode()
    assert due.title in published and future.title not in published
    assert future.title in scheduled and due.title not in scheduled


def test_dashboard(client, editor, due, future):
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    today = re.search(r'<table id="dashboard-published_today">.*?</table>', page, re.S).group(0)
    scheduled = re.search(r'<table id="dashboard-scheduled">.*?</table>', page, re.S).group(0)
    assert due.title in today and "Đã đăng" in today and "Hẹn giờ đăng" not in today
    assert due.title not in scheduled and future.title in scheduled


def test_calendar(client, editor, due):
    client.force_login(editor)
    day = timezone.localtime(due.publish_at).date().isoformat()
    page = client.get(reverse("admin:articles_article_calendar"), {"date": day}).content.decode()
    item = re.search(r"<li class=\"(\w+)\">(?:(?!</li>).)*" + re.escape(due.title) + r".*?</li>", page, re.S)
    assert item and item.group(1) == "published"
    assert "(hẹn giờ)" not in item.group(0)


def test_change_form(client, editor, due):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[due.pk])).content.decode()
    assert 'data-status="published"' in page
    assert "Trạng thái: Đã đăng" in page

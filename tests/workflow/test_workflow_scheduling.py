"""Scheduling: live at its time with no job running; publish_scheduled tidies stored states."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from tests.helpers.factories import ArticleFactory


def test_article_scheduled_for_the_past_minute_is_live(editor):
    article = ArticleFactory()
    workflow.publish(article, editor, at=timezone.now() + datetime.timedelta(hours=1))
    # Its time comes: move the clock by moving the stored time back.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert list(Article.objects.live()) == [article]
    assert article.is_live is True


def test_article_scheduled_for_tomorrow_is_not_live(client, editor):
    article = ArticleFactory()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    workflow.publish(article, editor, at=tomorrow)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.SCHEDULED, tomorrow)
    assert list(Article.objects.live()) == []
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publish_with_a_past_time_publishes_with_that_time(editor):
    article = ArticleFactory()
    earlier = timezone.now() - datetime.timedelta(minutes=1)
    workflow.publish(article, editor, at=earlier)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.PUBLISHED, earlier)


def test_rescheduling_and_cancelling(editor):
    article = ArticleFactory()
    workflow.publish(article, editor, at=timezone.now() + datetime.timedelta(days=1))
    later = timezone.now() + datetime.timedelta(days=2)
    workflow.publish(article, editor, at=later)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.SCHEDULED, later)
    workflow.return_to_draft(article, editor, "Hoãn đăng, chờ số liệu mới.")
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.DRAFT, None)


def test_publish_scheduled_command_flips_only_due_articles(editor):
    due = ArticleFactory()
    future = ArticleFactory()
    workflow.publish(due, editor, at=timezone.now() + datetime.timedelta(hours=1))
    workflow.publish(future, editor, at=timezone.now() + datetime.timedelta(days=1))
    Article.objects.filter(pk=due.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue() == "Đã chuyển 1 bài hẹn giờ sang Đã đăng.\n"
    due.refresh_from_db()
    future.refresh_from_db()
    assert (due.status, future.status) == (Status.PUBLISHED, Status.SCHEDULED)
    last = due.transitions.first()
    assert (last.from_status, last.to_status, last.user) == ("scheduled", "published", None)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert due.transitions.count() == 2

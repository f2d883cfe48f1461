"""Publishing imported articles with their original publication date, from the article list."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def imported(title, *, source_id, published_on):
    return ArticleFactory(title=title, source_id=source_id, source_published_on=published_on)


def test_the_action_publishes_imported_articles_at_their_original_date_and_reports_each_refusal(client, editor):
    old = imported("Khánh thành cầu mới", source_id="bai-1", published_on=datetime.date(2019, 3, 8))
    undated = imported("Bài nhập không có ngày", source_id="bai-2", published_on=None)
    typed = ArticleFactory(title="Bài viết mới trong hệ thống")
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "publish_imported_selected",
                                        "_selected_action": [old.pk, undated.pk, typed.pk]}, follow=True)
    old.refresh_from_db()
    assert old.status == Status.PUBLISHED
    assert old.publish_at == datetime.datetime(2019, 3, 8, 8, 0, tzinfo=HANOI)
    assert old.transitions.get().user == editor
    assert Article.objects.get(pk=undated.pk).status == Status.DRAFT
    assert Article.objects.get(pk=typed.pk).status == Status.DRAFT
    assert sorted(messages_of(response)) == sorted([
        "“Bài nhập không có ngày”: Bài nhập chưa có ngày đăng gốc: nhập ngày ở mục “Nguồn” hoặc dùng “Đăng ngay”.",
        "“Bài viết mới trong hệ thống”: Bài không phải bài nhập từ hệ thống cũ: hãy dùng “Đăng ngay”.",
        "Đã đăng 1 bài nhập với ngày đăng gốc.",
    ])


def test_an_imported_article_missing_what_publishing_needs_is_refused_with_the_list(client, editor):
    article = imported("Bài nhập thiếu sapo", source_id="bai-3", published_on=datetime.date(2020, 1, 2))
    Article.objects.filter(pk=article.pk).update(lead="")
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "publish_imported_selected", "_selected_action": [article.pk]},
                           follow=True)
    assert messages_of(response) == ["“Bài nhập thiếu sapo”: Thiếu sapo."]
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_published_imported_article_is_refused_by_the_state_rule(editor):
    article = imported("Đã đăng rồi", source_id="bai-4", published_on=datetime.date(2020, 1, 2))
    workflow.publish_imported(article, editor)
    with pytest.raises(workflow.InvalidTransition) as refusal:
        workflow.publish_imported(article, editor)
    assert refusal.value.messages == ["Không thể “Đăng / hẹn giờ” khi bài đang ở trạng thái “Đã đăng”."]


def test_an_original_date_in_the_future_is_refused(editor):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    article = imported("Ngày sai", source_id="bai-5", published_on=tomorrow)
    with pytest.raises(workflow.InvalidTransition):
        workflow.publish_imported(article, editor)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_an_article_of_today_is_published_not_scheduled(editor):
    article = imported("Tin hôm nay", source_id="bai-6", published_on=timezone.localdate())
    article = workflow.publish_imported(article, editor)
    assert article.status == Status.PUBLISHED
    assert article.publish_at <= timezone.now()


def test_reporters_are_not_offered_the_action_and_a_crafted_post_is_refused(client, reporter):
    article = imported("Bài nhập của phóng viên", source_id="bai-7", published_on=datetime.date(2019, 3, 8))
    Article.objects.filter(pk=article.pk).update(created_by=reporter)
    client.force_login(reporter)
    assert "publish_imported_selected" not in client.get(CHANGELIST).content.decode()
    response = client.post(CHANGELIST, {"action": "publish_imported_selected", "_selected_action": [article.pk]})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        workflow.publish_imported(article, reporter)

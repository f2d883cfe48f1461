"""The publish form's two buttons: "Đăng ngay" always publishes now, "Hẹn giờ đăng" always needs a time."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status, Transition
from tests.helpers.factories import ArticleFactory


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def local_input(when):
    """What a datetime-local input sends for `when`, in Asia/Ho_Chi_Minh."""
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def draft(reporter):
    return ArticleFactory(created_by=reporter, title="Bài chờ đăng")


def test_publish_now_with_a_time_typed_publishes_now(client, editor, draft):
    client.force_login(editor)
    before = timezone.now()
    tomorrow = local_input(before + datetime.timedelta(days=1))
    response = client.post(transition_url(draft, "publish"), {"now": "", "at": tomorrow})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert before - datetime.timedelta(seconds=1) <= draft.publish_at <= timezone.now()
    assert draft.is_live


def test_schedule_without_a_time_is_refused_and_nothing_changes(client, editor, draft):
    client.force_login(editor)
    response = client.post(transition_url(draft, "publish"), {"schedule": "", "at": ""})
    assert response.status_code == 302
    assert messages_of(response) == ["Hẹn giờ đăng cần một thời điểm trong tương lai: chọn ngày và giờ."]
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Status.DRAFT, None)
    assert not Transition.objects.filter(article=draft).exists()


def test_schedule_with_a_past_time_is_refused_and_nothing_changes(client, editor, draft):
    client.force_login(editor)
    yesterday = local_input(timezone.now() - datetime.timedelta(days=1))
    response = client.post(transition_url(draft, "publish"), {"schedule": "", "at": yesterday})
    assert messages_of(response) == ["Hẹn giờ đăng cần một thời điểm trong tương lai: chọn ngày và giờ."]
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Status.DRAFT, None)
    assert not Article.objects.live().exists()


def test_schedule_with_a_bad_time_is_refused(client, editor, draft):
    client.force_login(editor)
    response = client.post(transition_url(draft, "publish"), {"schedule": "", "at": "ngày mai"})
    assert messages_of(response) == ["Thời điểm đăng không hợp lệ: “ngày mai”. Nhập ngày và giờ."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_schedule_with_a_future_time_schedules_in_local_time(client, editor, draft):
    client.force_login(editor)
    response = client.post(transition_url(draft, "publish"), {"schedule": "", "at": "2099-01-02T08:30"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SCHEDULED
    assert draft.publish_at.isoformat() == "2099-01-02T01:30:00+00:00"


def test_the_form_offers_both_buttons(client, editor, draft):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert 'name="now"' in page and 'name="schedule"' in page and 'name="at"' in page

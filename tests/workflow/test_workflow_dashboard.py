"""The admin index panel and the calendar, in Asia/Ho_Chi_Minh time."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.admin import dashboard
from articles.models import Article, Transition
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.states import put_in_state


def titles(lists, key):
    return [a.title for a in next(item for item in lists if item["key"] == key)["articles"]]


def keys(lists):
    return [item["key"] for item in lists]


def test_reporter_panel(reporter, other_reporter, editor):
    mine = ArticleFactory(created_by=reporter, title="Nháp của tôi")
    returned = ArticleFactory(created_by=reporter, title="Bị trả lại")
    workflow.submit(returned, reporter)
    workflow.return_to_draft(returned, editor, "Thiếu ảnh.")
    waiting = ArticleFactory(created_by=reporter, title="Đang chờ")
    workflow.submit(waiting, reporter)
    ArticleFactory(created_by=other_reporter, title="Nháp người khác")
    lists = dashboard.panel(reporter)
    assert keys(lists) == ["my_drafts", "returned", "in_review", "scheduled", "published_today"]
    assert sorted(titles(lists, "my_drafts")) == sorted([mine.title, returned.title])
    assert titles(lists, "returned") == ["Bị trả lại"]
    assert titles(lists, "in_review") == ["Đang chờ"]


def test_editor_and_chief_editor_panels(editor, chief_editor, reporter):
    plain = put_in_state(ArticleFactory(title="Chờ duyệt thường"), "in_review")
    two = ArticleFactory(title="Chờ trưởng ban", section=SectionFactory(requires_second_approval=True))
    workflow.submit(two, editor)
    workflow.approve(two, editor)
    soon = ArticleFactory(title="Hẹn giờ")
    workflow.publish(soon, editor, at=timezone.now() + datetime.timedelta(hours=3))
    today = ArticleFactory(title="Đăng hôm nay")
    workflow.publish(today, editor)
    editor_lists = dashboard.panel(editor)
    assert "my_approval" not in keys(editor_lists)
    assert titles(editor_lists, "in_review") == [plain.title]
    assert titles(editor_lists, "scheduled") == ["Hẹn giờ"]
    assert titles(editor_lists, "published_today") == ["Đăng hôm nay"]
    assert titles(dashboard.panel(chief_editor), "my_approval") == ["Chờ trưởng ban"]


def test_panel_shows_time_waited_in_current_state(editor):
    article = ArticleFactory(title="Chờ lâu")
    workflow.submit(article, editor)
    Transition.objects.filter(article=article).update(
        created_at=timezone.now() - datetime.timedelta(hours=5, minutes=12))
    [item] = [a for a in dashboard.panel(editor)[2]["articles"]]
    assert item.waited == "5 giờ 12 phút"


def test_admin_index_shows_the_panel(client, reporter):
    ArticleFactory(created_by=reporter, title="Nháp hiện trên bàn làm việc")
    client.force_login(reporter)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="workflow-dashboard"' in html
    assert "Nháp hiện trên bàn làm việc" in html
    assert re.search(r"chờ \d+ phút", html)


def test_format_wait():
    assert workflow.format_wait(datetime.timedelta(days=2, hours=3, minutes=9)) == "2 ngày 3 giờ"
    assert workflow.format_wait(datetime.timedelta(minutes=8, seconds=50)) == "8 phút"


def test_calendar_groups_by_local_day(client, editor):
    # 23:30 UTC on 1 March is 06:30 on 2 March in Hà Nội.
    article = put_in_state(ArticleFactory(title="Bài sáng sớm"), "published")
    Article.objects.filter(pk=article.pk).update(
        publish_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.timezone.utc))
    scheduled = put_in_state(ArticleFactory(title="Bài hẹn giờ"), "scheduled")
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=datetime.datetime(2026, 3, 4, 2, 0, tzinfo=datetime.timezone.utc))
    put_in_state(ArticleFactory(title="Bài nháp"), "draft")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_calendar") + "?view=week&date=2026-03-03")
    assert response.status_code == 200
    days = {day["date"].isoformat(): [(a.title, a.local_publish_at.strftime("%H:%M")) for a in day["articles"]]
            for week in response.context["weeks"] for day in week}
    assert list(days)[0] == "2026-03-02"
    assert days["2026-03-02"] == [("Bài sáng sớm", "06:30")]
    assert days["2026-03-04"] == [("Bài hẹn giờ", "09:00")]
    html = response.content.decode()
    assert "06:30" in html and "Bài nháp" not in html
    month = client.get(reverse("admin:articles_article_calendar") + "?view=month&date=2026-03-15")
    dates = [day["date"] for week in month.context["weeks"] for day in week]
    assert (dates[0].isoformat(), dates[-1].isoformat()) == ("2026-02-23", "2026-04-05")
    assert month.context["count"] == 2


@pytest.mark.parametrize("raw", ["khong-phai-ngay", "0001-01-01", "9999-12-31"])
def test_calendar_bad_date_falls_back_to_today(client, editor, raw):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_calendar") + f"?view=month&date={raw}")
    assert response.status_code == 200
    assert response.context["anchor"] == timezone.localdate()


def test_reporter_calendar_shows_only_own_articles(client, reporter, editor):
    put_in_state(ArticleFactory(title="Bài của người khác"), "published")
    mine = put_in_state(ArticleFactory(title="Bài của tôi", created_by=reporter), "published")
    client.force_login(reporter)
    day = timezone.localtime(mine.publish_at).date().isoformat()
    html = client.get(reverse("admin:articles_article_calendar") + f"?date={day}").content.decode()
    assert mine.title in html
    assert "Bài của người khác" not in html

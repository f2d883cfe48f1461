"""The workflow through the admin, including requests crafted by hand."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import workflow
from articles.models import Article, Status, Transition
from tests.helpers.admin import add_form_data, change_form_data
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.states import put_in_state
from tests.helpers.body import paragraphs_of


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(created_by=reporter, title="Bài của phóng viên")


@pytest.fixture
def others_draft(other_reporter):
    return ArticleFactory(created_by=other_reporter, title="Bài của người khác")


def test_reporter_creates_a_draft_in_the_admin(client, reporter, section):
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_add"), add_form_data(
        title="Đồng Hới ra quân", lead="Sapo.", paragraphs="Đoạn một.\n\nĐoạn hai.", section=section.pk,
        status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.status, article.created_by) == ("Đồng Hới ra quân", Status.DRAFT, reporter)
    assert paragraphs_of(article) == ["Đoạn một.", "Đoạn hai."]
    assert list(article.revisions.values_list("number", "user")) == [(1, reporter.pk)]


def test_reporter_posting_status_published_to_own_draft_changes_text_not_status(client, reporter, own_draft):
    client.force_login(reporter)
    response = client.post(change_url(own_draft), change_form_data(own_draft, title="Tiêu đề mới",
                                                                   status="published", publish_at="2020-01-01"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert (own_draft.title, own_draft.status, own_draft.publish_at) == ("Tiêu đề mới", Status.DRAFT, None)
    assert not Transition.objects.exists()


def test_reporter_posting_to_someone_elses_article_gets_403(client, reporter, others_draft):
    client.force_login(reporter)
    response = client.post(change_url(others_draft), change_form_data(others_draft, title="Chiếm bài"))
    assert response.status_code == 403
    assert client.get(change_url(others_draft)).status_code == 403
    others_draft.refresh_from_db()
    assert others_draft.title == "Bài của người khác"


@pytest.mark.parametrize("state", ["in_review", "approved", "scheduled", "published", "unpublished"])
def test_reporter_posting_to_own_article_after_draft_gets_403(client, reporter, own_draft, state):
    put_in_state(own_draft, state)
    client.force_login(reporter)
    response = client.post(change_url(own_draft), change_form_data(own_draft, title="Sửa lén"))
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert (own_draft.title, own_draft.status) == ("Bài của phóng viên", state)
    # Still visible to its reporter, read-only.
    page = client.get(change_url(own_draft))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()


def test_reporter_sees_only_own_articles_in_the_list(client, reporter, own_draft, others_draft):
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Bài của phóng viên" in page
    assert "Bài của người khác" not in page


@pytest.mark.parametrize("action", ["publish", "approve", "return_to_draft", "unpublish"])
def test_reporter_crafting_an_editor_transition_gets_403(client, reporter, own_draft, action):
    put_in_state(own_draft, "in_review" if action != "unpublish" else "published")
    before = Article.objects.get(pk=own_draft.pk).status
    client.force_login(reporter)
    response = client.post(transition_url(own_draft, action), {"note": "x", "at": ""})
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.status == before
    assert not Transition.objects.exists()


def test_reporter_submitting_someone_elses_draft_gets_403(client, reporter, others_draft):
    client.force_login(reporter)
    assert client.post(transition_url(others_draft, "submit")).status_code == 403
    others_draft.refresh_from_db()
    assert others_draft.status == Status.DRAFT


def test_reporter_submits_own_draft_with_the_button(client, reporter, own_draft):
    client.force_login(reporter)
    page = client.get(change_url(own_draft)).content.decode()
    assert transition_url(own_draft, "submit") in page
    assert transition_url(own_draft, "publish") not in page
    response = client.post(transition_url(own_draft, "submit"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert messages_of(response) == ["Đã chuyển bài “Bài của phóng viên” sang trạng thái “Chờ duyệt”."]


def test_transition_view_refuses_get(client, editor, own_draft):
    client.force_login(editor)
    assert client.get(transition_url(own_draft, "publish")).status_code == 405
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_editor_sees_exactly_the_allowed_buttons_and_the_return_note(client, reporter, editor, own_draft):
    workflow.submit(own_draft, reporter)
    client.force_login(editor)
    page = client.get(change_url(own_draft)).content.decode()
    for action in ["publish", "return_to_draft"]:
        assert transition_url(own_draft, action) in page
    for action in ["submit", "approve", "unpublish"]:
        assert transition_url(own_draft, action) not in page
    client.post(transition_url(own_draft, "return_to_draft"), {"note": "Bổ sung ý kiến của phường."})
    client.force_login(reporter)
    page = client.get(change_url(own_draft)).content.decode()
    assert 'id="return-note"' in page
    assert "Bổ sung ý kiến của phường." in page
    assert 'data-status="draft"' in page


def test_editor_schedules_in_local_time(client, editor, own_draft):
    client.force_login(editor)
    response = client.post(transition_url(own_draft, "publish"), {"at": "2099-01-02T08:30"})
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.SCHEDULED
    assert own_draft.publish_at.isoformat() == "2099-01-02T01:30:00+00:00"


@pytest.mark.parametrize("raw", ["ngày mai", "0001-01-01T00:00", "9999-12-31T23:59"])
def test_bad_schedule_time_is_a_message_not_a_500(client, editor, own_draft, raw):
    client.force_login(editor)
    response = client.post(transition_url(own_draft, "publish"), {"at": raw})
    assert response.status_code == 302
    assert messages_of(response) == [f"Thời điểm đăng không hợp lệ: “{raw}”. Nhập ngày và giờ."]
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_publishing_checks_show_as_a_message(client, editor):
    article = ArticleFactory(lead="", paragraphs=[])
    client.force_login(editor)
    response = client.post(transition_url(article, "publish"))
    assert messages_of(response) == ["Thiếu sapo. Bài chưa có đoạn văn nào."]
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_editor_in_two_approval_section_gets_403_on_publish(client, editor):
    article = put_in_state(ArticleFactory(section=SectionFactory(requires_second_approval=True)), "approved")
    client.force_login(editor)
    assert client.post(transition_url(article, "publish")).status_code == 403
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_reporter_crafting_bulk_publish_changes_nothing(client, reporter, own_draft):
    put_in_state(own_draft, "in_review")
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_changelist"),
                           {"action": "publish_selected", "_selected_action": [own_draft.pk]})
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW
    assert not Transition.objects.exists()


def test_reporter_does_not_see_bulk_actions(client, reporter, own_draft):
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" not in page
    assert "unpublish_selected" not in page


def test_editor_bulk_publish_goes_through_the_workflow(client, editor):
    ready = put_in_state(ArticleFactory(title="Sẵn sàng"), "in_review")
    lacking = put_in_state(ArticleFactory(title="Thiếu sapo", lead=""), "in_review")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_changelist"),
                           {"action": "publish_selected", "_selected_action": [ready.pk, lacking.pk]})
    assert response.status_code == 302
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert (ready.status, lacking.status) == (Status.PUBLISHED, Status.IN_REVIEW)
    assert sorted(messages_of(response)) == ["Đã đăng 1 bài.", "“Thiếu sapo”: Thiếu sapo."]
    assert Transition.objects.get().article == ready


def test_editor_bulk_unpublish_asks_for_a_note(client, editor):
    article = put_in_state(ArticleFactory(), "published")
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    page = client.post(url, {"action": "unpublish_selected", "_selected_action": [article.pk]})
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    response = client.post(url, {"action": "unpublish_selected", "_selected_action": [article.pk],
                                 "apply": "1", "note": "Thông tin chưa được kiểm chứng."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert article.transitions.get().note == "Thông tin chưa được kiểm chứng."


def test_change_form_shows_history(client, reporter, editor, own_draft):
    workflow.submit(own_draft, reporter)
    workflow.publish(own_draft, editor)
    client.force_login(editor)
    page = client.get(change_url(own_draft)).content.decode()
    assert 'id="workflow-history"' in page
    assert "Chờ duyệt → Đã đăng" in page
    assert "Bản nháp → Chờ duyệt" in page


def test_list_filter_by_status(client, editor):
    put_in_state(ArticleFactory(title="Bài đã đăng"), "published")
    ArticleFactory(title="Bài nháp")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist") + "?status__exact=published").content.decode()
    assert "Bài đã đăng" in page
    assert "Bài nháp" not in page


def test_two_level_approval_through_the_admin(client, reporter, editor, chief_editor):
    article = ArticleFactory(created_by=reporter, section=SectionFactory(requires_second_approval=True))
    workflow.submit(article, reporter)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert transition_url(article, "approve") in page
    assert transition_url(article, "publish") not in page
    assert client.post(transition_url(article, "approve")).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    client.force_login(chief_editor)
    page = client.get(change_url(article)).content.decode()
    assert transition_url(article, "publish") in page
    client.post(transition_url(article, "publish"))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert list(article.transitions.order_by("created_at", "pk").values_list("user__username", "to_status")) == [
        ("reporter", "in_review"), ("editor", "approved"), ("chief", "published")]


def test_unknown_transition_is_404(client, editor, own_draft):
    client.force_login(editor)
    assert client.post(transition_url(own_draft, "delete_everything")).status_code == 404


def test_superuser_may_do_everything(client, superuser, own_draft):
    client.force_login(superuser)
    client.post(transition_url(own_draft, "publish"))
    own_draft.refresh_from_db()
    assert own_draft.status == Status.PUBLISHED
    response = client.post(change_url(own_draft), change_form_data(own_draft, title="Sửa bởi quản trị"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "Sửa bởi quản trị"


def test_buttons_work_with_csrf_checks_on(reporter, own_draft):
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    page = client.get(change_url(own_draft)).content.decode()
    form = re.search(r'<form class="transition" method="post" action="([^"]+)">'
                     r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', page)
    assert form.group(1) == transition_url(own_draft, "submit")
    assert client.post(form.group(1)).status_code == 403
    response = client.post(form.group(1), {"csrfmiddlewaretoken": form.group(2)})
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.status == Status.IN_REVIEW

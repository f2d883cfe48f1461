"""The 403 page: a Vietnamese admin page giving the workflow's reason, never a bare "403 Forbidden"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Status
from newsroom.errors import permission_denied
from tests.helpers.factories import ArticleFactory


def reason_of(page: str) -> str:
    start = page.index('id="refusal-reason">') + len('id="refusal-reason">')
    return page[start:page.index("</p>", start)]


@pytest.fixture
def others_draft(other_reporter):
    return ArticleFactory(created_by=other_reporter, title="Bài của người khác")


def test_a_reporter_opening_another_reporters_draft_is_told_why(client, reporter, others_draft):
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_change", args=[others_draft.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Bạn không có quyền làm việc này</h1>" in page
    assert reason_of(page) == ("Bài “Bài của người khác” không phải của bạn: phóng viên chỉ mở được bài mình "
                               "viết hoặc đứng tên trong byline.")
    assert "Newsroom – Quản trị tòa soạn" in page  # the admin's header: an admin page
    assert "Forbidden" not in page
    assert response["Cache-Control"] == "no-store"


def test_the_history_and_revisions_of_someone_elses_draft_give_the_same_reason(client, reporter, others_draft):
    client.force_login(reporter)
    for url in [reverse("admin:articles_article_history", args=[others_draft.pk]),
                reverse("admin:articles_article_revisions", args=[others_draft.pk])]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "không phải của bạn" in reason_of(response.content.decode())


def test_a_reporter_saving_a_submitted_article_is_told_why(client, reporter):
    from articles import workflow
    from tests.helpers.admin import change_form_data

    article = ArticleFactory(created_by=reporter, title="Bài đã gửi")
    workflow.submit(article, reporter)
    article.refresh_from_db()
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, title="Sửa sau khi gửi"))
    assert response.status_code == 403
    assert reason_of(response.content.decode()) == (
        "Bài đã gửi đi (trạng thái “Chờ duyệt”): phóng viên chỉ sửa được bản nháp của mình; muốn sửa tiếp, "
        "nhờ biên tập viên trả bài lại.")
    article.refresh_from_db()
    assert (article.title, article.status) == ("Bài đã gửi", Status.IN_REVIEW)


def test_a_transition_refused_by_the_workflow_shows_its_message(client, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_transition", args=[article.pk, "publish"]), {"now": ""})
    assert response.status_code == 403
    assert reason_of(response.content.decode()) == "Bạn không có quyền đăng hoặc hẹn giờ đăng bài này."
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_refusal_without_a_message_says_so_in_vietnamese(client, staff_without_role):
    client.force_login(staff_without_role)
    response = client.get(reverse("admin:articles_article_calendar"))
    assert response.status_code == 403
    assert reason_of(response.content.decode()) == "Bạn không có quyền xem trang này hoặc làm việc này."


def test_outside_the_admin_it_is_a_page_of_the_public_site(db):
    request = RequestFactory().get("/xem-truoc/anh/khong-co/")
    response = permission_denied(request, PermissionDenied("Liên kết xem trước đã hết hạn."))
    page = response.content.decode()
    assert response.status_code == 403
    assert reason_of(page) == "Liên kết xem trước đã hết hạn."
    assert "<h1>Bạn không có quyền xem trang này</h1>" in page

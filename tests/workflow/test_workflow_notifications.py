"""Emails on transitions: sent after commit, never on rollback, failures logged."""

import logging
import smtplib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles import workflow
from authors.models import Author
from tests.helpers.factories import ArticleFactory
from tests.helpers.states import put_in_state


@pytest.fixture
def article(reporter):
    author = Author.objects.create(name="Phóng viên A", user=reporter)
    return ArticleFactory(created_by=reporter, title="Tin Đồng Hới", byline=[author])


def test_submit_emails_editors_after_commit(reporter, editor, chief_editor, article, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.submit(article, reporter)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    [mail] = mailoutbox
    assert mail.subject == "[Chờ duyệt] Tin Đồng Hới"
    assert sorted(mail.to) == ["chief@example.com", "editor@example.com"]
    assert "Trạng thái: Bản nháp → Chờ duyệt" in mail.body


@pytest.mark.parametrize("action,state,subject", [
    ("return_to_draft", "in_review", "[Trả lại] Tin Đồng Hới"),
    ("publish", "in_review", "[Đã đăng] Tin Đồng Hới"),
    ("unpublish", "published", "[Đã gỡ] Tin Đồng Hới"),
])
def test_authors_with_accounts_are_emailed(editor, article, mailoutbox, django_capture_on_commit_callbacks,
                                           action, state, subject):
    put_in_state(article, state)
    Author.objects.create(name="Cộng tác viên không có tài khoản")
    with django_capture_on_commit_callbacks(execute=True):
        if action == "publish":
            workflow.publish(article, editor)
        else:
            getattr(workflow, action)(article, editor, "Ghi chú của biên tập.")
    [mail] = mailoutbox
    assert (mail.subject, mail.to) == (subject, ["reporter@example.com"])
    if action != "publish":
        assert "Ghi chú: Ghi chú của biên tập." in mail.body


def test_no_email_when_the_transaction_rolls_back(reporter, article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                workflow.submit(article, reporter)
                raise RuntimeError("something later in the same request failed")
    assert mailoutbox == []
    article.refresh_from_db()
    assert article.status == "draft"


def test_refused_transition_sends_nothing(reporter, article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            workflow.publish(article, reporter)
    assert mailoutbox == []


def test_failing_mail_server_is_logged_and_the_transition_stays(reporter, editor, article, caplog,
                                                               django_capture_on_commit_callbacks, monkeypatch):
    def broken_send(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "mail server down")

    monkeypatch.setattr("articles.workflow.notifications.send_mail", broken_send)
    with caplog.at_level(logging.ERROR, logger="articles.workflow.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(article, reporter)
    article.refresh_from_db()
    assert article.status == "in_review"
    assert article.transitions.get().to_status == "in_review"
    assert [r.getMessage() for r in caplog.records if r.name == "articles.workflow.notifications"] == [
        f"Không gửi được email thông báo cho chuyển trạng thái #{article.transitions.get().pk} (bài #{article.pk})."]


def test_the_person_acting_is_not_emailed(editor, chief_editor, reporter, mailoutbox,
                                         django_capture_on_commit_callbacks):
    """The others concerned are told; the one who acted, though an editor and in the byline, is not."""
    mine = Author.objects.create(name="Biên tập viên viết bài", user=editor)
    theirs = Author.objects.create(name="Phóng viên A", user=reporter)
    article = ArticleFactory(title="Tin Đồng Hới", byline=[mine, theirs])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, editor)
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [("[Chờ duyệt] Tin Đồng Hới", ["chief@example.com"])]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, editor)
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [("[Đã đăng] Tin Đồng Hới", ["reporter@example.com"])]


def test_approve_emails_chief_editors(editor, chief_editor, mailoutbox, django_capture_on_commit_callbacks):
    from tests.helpers.factories import SectionFactory

    article = ArticleFactory(title="Tin hai cấp", section=SectionFactory(requires_second_approval=True))
    workflow.submit(article, editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(article, editor)
    [mail] = mailoutbox
    assert (mail.subject, mail.to) == ("[Chờ duyệt đăng] Tin hai cấp", ["chief@example.com"])

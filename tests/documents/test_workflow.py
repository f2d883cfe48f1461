"""Who may publish and withdraw documents and moderate comments: a matrix, enforced on the server."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents import consultation as consultation_actions
from documents import workflow
from documents.consultation import CommentData
from documents.models import Comment, CommentStatus, Document, DocumentTransition, State

pytestmark = pytest.mark.django_db

ROLES = {"reporter": False, "staff_without_role": False, "editor": True, "chief_editor": True, "clerk": True,
         "superuser": True}


@pytest.fixture
def user_of(request):
    return lambda role: request.getfixturevalue(role)


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_publishing_is_for_editors_chief_editors_and_clerks(make_document, user_of, role, allowed):
    document = make_document(publish=False)
    user = user_of(role)
    if allowed:
        workflow.publish(document, user, note="Công bố theo đề nghị của văn phòng")
        document.refresh_from_db()
        assert document.state == State.PUBLISHED
        step = DocumentTransition.objects.get(document=document)
        assert (step.user, step.from_state, step.to_state, step.note) == (
            user, State.DRAFT, State.PUBLISHED, "Công bố theo đề nghị của văn phòng")
    else:
        with pytest.raises(PermissionDenied):
            workflow.publish(document, user)
        document.refresh_from_db()
        assert document.state == State.DRAFT
        assert not DocumentTransition.objects.exists()


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_withdrawing_is_for_the_same_roles_and_records_the_note(make_document, user_of, role, allowed):
    document = make_document()
    user = user_of(role)
    if allowed:
        workflow.withdraw(document, user, note="Văn bản ban hành nhầm")
        document.refresh_from_db()
        assert document.state == State.WITHDRAWN
        step = document.transitions.first()
        assert (step.user, step.to_state, step.note) == (user, State.WITHDRAWN, "Văn bản ban hành nhầm")
    else:
        with pytest.raises(PermissionDenied):
            workflow.withdraw(document, user, note="x")
        document.refresh_from_db()
        assert document.state == State.PUBLISHED


@pytest.mark.parametrize("role,allowed", ROLES.items())
def test_moderating_comments_is_for_the_same_roles(make_consultation, user_of, role, allowed):
    consultation = make_consultation()
    comment = consultation_actions.submit_comment(
        consultation, CommentData(name="Nguyễn Văn An", email="an@example.com", body="Đề nghị sửa Điều 5."),
        address="10.0.0.1", token=consultation_actions.form_token(consultation))
    user = user_of(role)
    if allowed:
        consultation_actions.moderate(comment, user, "accept")
        comment.refresh_from_db()
        assert (comment.status, comment.moderated_by) == (CommentStatus.ACCEPTED, user)
    else:
        with pytest.raises(PermissionDenied):
            consultation_actions.moderate(comment, user, "accept")
        assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING


def test_a_withdrawal_needs_a_note(make_document, clerk):
    document = make_document()
    with pytest.raises(ValidationError) as error:
        workflow.withdraw(document, clerk, note="  ")
    assert error.value.messages == ["Cần ghi lý do thu hồi."]
    assert Document.objects.get(pk=document.pk).state == State.PUBLISHED


def test_a_published_document_cannot_be_published_again(make_document, clerk):
    document = make_document()
    with pytest.raises(workflow.InvalidTransition) as error:
        workflow.publish(document, clerk)
    assert error.value.messages == ["Không thể “Công bố” khi văn bản đang ở tình trạng “Đã công bố”."]


def test_a_document_lacking_its_number_or_date_is_not_published(make_document, clerk):
    document = make_document(number="", issued_on=None, publish=False)
    with pytest.raises(ValidationError) as error:
        workflow.publish(document, clerk)
    assert error.value.messages == ["Thiếu số ký hiệu.", "Thiếu ngày ban hành."]
    assert Document.objects.get(pk=document.pk).state == State.DRAFT


def test_a_withdrawn_document_can_be_published_again(make_document, clerk):
    document = make_document()
    workflow.withdraw(document, clerk, note="Tạm thu hồi để đính chính")
    workflow.publish(document, clerk)
    assert [step.to_state for step in document.transitions.order_by("pk")] == [
        State.PUBLISHED, State.WITHDRAWN, State.PUBLISHED]


@pytest.mark.parametrize("role,status", [("reporter", 403), ("staff_without_role", 403), ("clerk", 200),
                                         ("editor", 200), ("chief_editor", 200)])
def test_the_register_admin_is_open_to_the_managing_roles_only(client, user_of, role, status):
    client.force_login(user_of(role))
    assert client.get("/admin/documents/document/").status_code == status
    assert client.get("/admin/documents/comment/").status_code == status


def test_a_reporter_cannot_publish_through_the_admin_address(client, make_document, reporter):
    document = make_document(publish=False)
    client.force_login(reporter)
    response = client.post(f"/admin/documents/document/{document.pk}/cong-bo/", {"note": ""})
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).state == State.DRAFT


def test_a_clerk_publishes_and_withdraws_through_the_admin(client, make_document, clerk):
    document = make_document(publish=False)
    client.force_login(clerk)
    change = client.get(f"/admin/documents/document/{document.pk}/change/")
    assert f"/admin/documents/document/{document.pk}/cong-bo/" in change.content.decode()
    response = client.post(f"/admin/documents/document/{document.pk}/cong-bo/", {"note": ""}, follow=True)
    assert "Đã công bố văn bản." in response.content.decode()
    response = client.post(f"/admin/documents/document/{document.pk}/thu-hoi/", {"note": ""}, follow=True)
    assert "Cần ghi lý do thu hồi." in response.content.decode()
    assert Document.objects.get(pk=document.pk).state == State.PUBLISHED
    client.post(f"/admin/documents/document/{document.pk}/thu-hoi/", {"note": "Sai sót"})
    document.refresh_from_db()
    assert document.state == State.WITHDRAWN
    assert document.transitions.first().note == "Sai sót"

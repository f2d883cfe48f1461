"""The receiving unit's admin: moderation per part, exports with formula injection neutralised,
files checked on upload."""

import csv
import io

import pytest
from openpyxl import load_workbook

from documents import consultation as consultation_actions
from documents.consultation import CommentData
from documents.models import Comment, CommentStatus, Document, DocumentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(make_consultation):
    consultation = make_consultation()
    part = consultation.parts.get(label="Điều 5")
    token = consultation_actions.form_token(consultation)
    made = [consultation_actions.submit_comment(consultation, CommentData(
        name=name, email="a@example.com", body=body, part=part_of, organisation=organisation), address=None,
        token=token) for name, body, part_of, organisation in [
        ("Nguyễn An", "=HYPERLINK(\"http://evil.example\",\"Bấm\")", part, "+Công ty"),
        ("Lê Bình", "Đồng ý với dự thảo.", None, "@tổ chức"),
    ]]
    return consultation, part, made


def test_a_clerk_accepts_keeps_private_and_marks_spam_from_the_list(client, clerk, comments):
    _consultation, _part, (first, second) = comments
    client.force_login(clerk)
    response = client.post("/admin/documents/comment/", {"action": "accept", "_selected_action": [first.pk]},
                           follow=True)
    assert "Đã công khai 1 góp ý." in response.content.decode()
    client.post("/admin/documents/comment/", {"action": "mark_spam", "_selected_action": [second.pk]})
    assert dict(Comment.objects.values_list("pk", "status")) == {first.pk: CommentStatus.ACCEPTED,
                                                                 second.pk: CommentStatus.SPAM}
    assert Comment.objects.get(pk=first.pk).moderated_by == clerk


def test_the_comment_list_filters_by_part(client, clerk, comments):
    consultation, part, (first, second) = comments
    client.force_login(clerk)
    page = client.get("/admin/documents/comment/", {"part__id__exact": part.pk}).content.decode()
    assert "Nguyễn An" in page and "Lê Bình" not in page
    summary = client.get(f"/admin/documents/consultation/{consultation.pk}/change/").content.decode()
    assert f"part__id__exact={part.pk}\">Điều 5. Nội dung Điều 5</a>: 1" in summary


def test_the_csv_export_neutralises_formulas(client, clerk, comments):
    client.force_login(clerk)
    response = client.post("/admin/documents/comment/", {"action": "export_csv",
                                                         "_selected_action": [c.pk for c in comments[2]]})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Gửi lúc", "Phần", "Họ và tên"]
    bodies = {row[3]: (row[6], row[7]) for row in rows[1:]}
    assert bodies["Nguyễn An"] == ("'+Công ty", "'=HYPERLINK(\"http://evil.example\",\"Bấm\")")
    assert bodies["Lê Bình"] == ("'@tổ chức", "Đồng ý với dự thảo.")
    assert sorted(row[2] for row in rows[1:]) == ["Toàn bộ dự thảo", "Điều 5. Nội dung Điều 5"]


def test_the_xlsx_export_holds_text_never_formulas(client, clerk, comments):
    client.force_login(clerk)
    response = client.post("/admin/documents/comment/", {"action": "export_xlsx",
                                                         "_selected_action": [c.pk for c in comments[2]]})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    values = [cell.value for cell in cells]
    assert "'=HYPERLINK(\"http://evil.example\",\"Bấm\")" in values


def test_a_reporter_cannot_export_or_moderate(client, reporter, comments):
    client.force_login(reporter)
    response = client.post("/admin/documents/comment/", {"action": "export_csv",
                                                         "_selected_action": [c.pk for c in comments[2]]})
    assert response.status_code == 403
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}


def test_an_upload_that_is_not_a_document_is_refused_in_the_admin(client, clerk, make_document, make_upload):
    document = make_document(publish=False)
    client.force_login(clerk)
    data = {"kind": document.kind_id, "number": document.number, "issuing_body": document.issuing_body_id,
            "summary": document.summary, "issued_on": "01/01/2026", "effective_on": "", "expires_on": "",
            "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0", "files-0-file": make_upload(b"<svg onload=x>", "a.pdf"),
            "files-0-name": "", "files-0-order": "0",
            "outgoing_relations-TOTAL_FORMS": "0", "outgoing_relations-INITIAL_FORMS": "0",
            "consultation-TOTAL_FORMS": "0", "consultation-INITIAL_FORMS": "0",
            "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"}
    response = client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == 200
    assert "Tệp này không phải PDF, DOC/DOCX, XLS/XLSX hoặc ODT/ODS" in response.content.decode()
    assert DocumentFile.objects.count() == 0
    assert Document.objects.get(pk=document.pk).summary == document.summary


def test_the_admin_pages_of_the_register_open_for_a_clerk(client, clerk, make_consultation):
    consultation = make_consultation()
    client.force_login(clerk)
    document = consultation.document
    for url in ["/admin/documents/document/add/", f"/admin/documents/document/{document.pk}/change/",
                f"/admin/documents/document/{document.pk}/thu-hoi/", "/admin/documents/consultation/add/",
                f"/admin/documents/consultation/{consultation.pk}/change/", "/admin/documents/documentkind/",
                "/admin/documents/issuingbody/", "/admin/documents/sector/"]:
        assert client.get(url).status_code == 200, url
    assert "Lý do thu hồi (bắt buộc)" in client.get(f"/admin/documents/document/{document.pk}/thu-hoi/").content.decode()


def test_only_a_draft_can_be_opened_for_comment_in_the_admin(client, clerk, body):
    from documents.models import Consultation, DocumentKind

    client.force_login(clerk)
    data = {"kind": DocumentKind.objects.get(name="Quyết định").pk, "number": "9/QĐ-UBND", "issuing_body": body.pk,
            "summary": "Không phải dự thảo", "issued_on": "01/01/2026",
            "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0",
            "outgoing_relations-TOTAL_FORMS": "0", "outgoing_relations-INITIAL_FORMS": "0",
            "consultation-TOTAL_FORMS": "1", "consultation-INITIAL_FORMS": "0",
            "consultation-0-opens_at_0": "01/01/2026", "consultation-0-opens_at_1": "08:00:00",
            "consultation-0-closes_at_0": "01/02/2026", "consultation-0-closes_at_1": "17:00:00",
            "consultation-0-unit_name": "Phòng Tư pháp", "consultation-0-unit_email": "tp@example.gov.vn",
            "consultation-0-unit_contact": "",
            "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"}
    response = client.post("/admin/documents/document/add/", data)
    assert response.status_code == 200
    assert "Chỉ văn bản loại dự thảo mới được lấy ý kiến" in response.content.decode()
    assert not Document.objects.exists() and not Consultation.objects.exists()
    data["kind"] = DocumentKind.objects.get(name="Dự thảo").pk
    assert client.post("/admin/documents/document/add/", data).status_code == 302
    assert Consultation.objects.get().document.summary == "Không phải dự thảo"


def test_publishing_selected_documents_shows_them_at_once_on_a_cached_list(client, clerk, make_document):
    anonymous = client.__class__()
    drafts = [make_document(number=f"{n}/QĐ-UBND", summary=f"Văn bản hàng loạt {n}", publish=False)
              for n in (1, 2)]
    assert "Văn bản hàng loạt" not in anonymous.get("/van-ban/").content.decode()
    assert anonymous.get("/van-ban/")["X-Page-Cache"] == "hit"
    client.force_login(clerk)
    response = client.post("/admin/documents/document/", {"action": "publish_selected",
                                                          "_selected_action": [d.pk for d in drafts]}, follow=True)
    assert "Đã công bố 2 văn bản." in response.content.decode()
    page = anonymous.get("/van-ban/").content.decode()
    assert "Văn bản hàng loạt 1" in page and "Văn bản hàng loạt 2" in page


def test_accepting_a_comment_in_the_admin_shows_it_on_the_draft_page(client, clerk, comments):
    consultation, _part, (first, _second) = comments
    anonymous = client.__class__()
    assert "Đồng ý với dự thảo." not in anonymous.get(consultation.get_absolute_url()).content.decode()
    client.force_login(clerk)
    client.post("/admin/documents/comment/", {"action": "accept", "_selected_action": [_second.pk]})
    assert "Đồng ý với dự thảo." in anonymous.get(consultation.get_absolute_url()).content.decode()

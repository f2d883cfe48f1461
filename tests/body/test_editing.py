"""The body in the admin (until the editor of issue #15), revisions of it, attachments, restore."""

import datetime
import json
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.attachments import MAX_ATTACHMENT_BYTES, check_document
from articles.models import Article, Attachment
from articles.workflow import revisions
from tests.helpers.body import PDF, attach, block
from tests.helpers.admin import add_form_data, change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# --- The body field -----------------------------------------------------------------------------


def test_plain_text_typed_over_a_body_keeps_its_other_blocks_and_ids(client, editor):
    article = ArticleFactory(paragraphs=["Đoạn một.", "Đoạn hai."])
    slot = ArticlePhotoFactory(article=article, after_paragraph=1)
    ids = [item["id"] for item in article.body]
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(
        article, paragraphs="Đoạn một.\n\nĐoạn hai đã sửa, xem https://dongphu.gov.vn/van-ban.\n\nĐoạn ba."))
    assert response.status_code == 302
    article.refresh_from_db()
    assert [(item["type"], item["value"]) for item in article.body] == [
        ("paragraph", "Đoạn một."), ("photos", {"slots": [slot.pk]}),
        ("paragraph", 'Đoạn hai đã sửa, xem <a href="https://dongphu.gov.vn/van-ban">'
                      'https://dongphu.gov.vn/van-ban</a>.'),
        ("paragraph", "Đoạn ba.")]
    assert [item["id"] for item in article.body][:3] == ids  # the same blocks: revisions show the changed words


def test_json_blocks_are_accepted_and_errors_come_back_on_the_field(client, editor, section):
    client.force_login(editor)
    blocks = [block("heading", {"level": 2, "text": "Tiêu đề con"}), block("paragraph", "Nội dung.")]
    response = client.post(reverse("admin:articles_article_add"), add_form_data(
        title="Bài khối", section=section.pk, body=json.dumps(blocks)))
    assert response.status_code == 302
    assert Article.objects.get().body == blocks
    response = client.post(reverse("admin:articles_article_add"), add_form_data(
        title="Bài sai", section=section.pk, body='[{"type": "heading", "value": {"level": 4, "text": "x"}}]'))
    assert response.context["adminform"].form.errors["body"] == ["Khối 1 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3."]
    response = client.post(reverse("admin:articles_article_add"), add_form_data(
        title="Bài sai", section=section.pk, body='[{"type": "paragraph",'))
    assert response.context["adminform"].form.errors["body"] == [
        "Nội dung không phải JSON hợp lệ (dòng 1, cột 23). Nếu bạn muốn nhập văn bản thường, đừng bắt đầu bằng dấu [."]
    assert Article.objects.count() == 1


def test_an_attachment_added_in_the_admin_is_checked_and_placed_at_the_end(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = change_form_data(article, **{"attachments-TOTAL_FORMS": 1, "attachments-0-title": "Kế hoạch",
                                        "attachments-0-file": SimpleUploadedFile("Kế hoạch số 5.pdf", PDF)})
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    file = article.attachments.get()
    assert (file.file_name, file.content_type, file.size) == ("Kế hoạch số 5.pdf", "application/pdf", len(PDF))
    assert article.body[-1]["type"] == "attachment" and article.body[-1]["value"] == {"file": file.pk, "title": ""}
    data = change_form_data(article, **{"attachments-TOTAL_FORMS": 2,
                                        "attachments-1-file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00exe")})
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Nội dung tệp “virus.pdf” không phải là tệp PDF như tên tệp ghi." in response.content.decode()
    assert article.attachments.count() == 1


# --- Attachments --------------------------------------------------------------------------------


def _zip(members: dict) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data,content_type", [
    ("a.pdf", PDF, "application/pdf"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/msword"),
    ("a.docx", _zip({"word/document.xml": "<w/>"}),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("a.xlsx", _zip({"xl/workbook.xml": "<x/>"}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("a.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"}), "application/vnd.oasis.opendocument.text"),
    ("a.ods", _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
     "application/vnd.oasis.opendocument.spreadsheet"),
])
def test_documents_are_recognised_by_content(name, data, content_type):
    assert check_document(SimpleUploadedFile(name, data)).content_type == content_type


@pytest.mark.parametrize("name,data,message", [
    ("a.pdf", b"<html><script>alert(1)</script>", "Nội dung tệp “a.pdf” không phải là tệp PDF như tên tệp ghi."),
    ("a.docx", _zip({"xl/workbook.xml": "<x/>"}), "Nội dung tệp “a.docx” không phải là tệp DOCX như tên tệp ghi."),
    ("a.xls", PDF, "Nội dung tệp “a.xls” không phải là tệp XLS như tên tệp ghi."),
    ("a.exe", b"MZ", "Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX, ODT hoặc ODS."),
    ("a.pdf", b"", "Tệp rỗng."),
])
def test_other_files_are_refused_in_vietnamese(name, data, message):
    with pytest.raises(ValidationError) as caught:
        check_document(SimpleUploadedFile(name, data))
    assert caught.value.messages[0].startswith(message)


def test_a_file_over_the_limit_is_refused_before_reading_it():
    upload = SimpleUploadedFile("lon.pdf", PDF)
    upload.size = MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(ValidationError) as caught:
        check_document(upload)
    assert caught.value.messages == ["Tệp nặng 20.0 MB; tối đa 20 MB."]


def test_a_file_is_served_with_its_real_name_and_type_only_while_readers_may_see_it(client, rich, editor):
    file = rich.attachments.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012-Q%C4%90.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    workflow.unpublish(rich, editor, note="Gỡ")
    assert client.get(file.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(file.get_absolute_url())["Cache-Control"] == "private, no-store"
    assert client.get("/tep/999999/").status_code == 404


# --- Revisions ----------------------------------------------------------------------------------


def test_the_diff_shows_the_changed_words_inside_a_block_and_moved_blocks_as_moved(rich, editor):
    first = revisions.record(rich, editor, force=True)
    table = next(item for item in rich.body if item["type"] == "table")
    table["value"]["rows"][1][1] = "350"
    quote = next(item for item in rich.body if item["type"] == "quote")
    rich.body = [quote] + [item for item in rich.body if item is not quote]
    rich.save()
    changes = revisions.diff(first.data, revisions.snapshot(Article.objects.get(pk=rich.pk)))
    body = next(change for change in changes if change["field"] == "body")
    html = str(revisions.diff_html([body]))
    assert "<del>300</del> <ins>350</ins>" in html
    assert html.count("<del>") == 1 and html.count("<ins>") == 1  # only the figure changed
    assert '<li class="diff-moved">(đã chuyển chỗ) [trích dẫn] Chúng tôi sẽ hoàn thành trước hạn.' in html
    assert html.count("diff-moved") == 1


def test_the_diff_shows_times_in_local_time(db):
    when = datetime.datetime(2026, 3, 8, 2, 30, tzinfo=datetime.timezone.utc)
    changes = revisions.diff({"publish_at": None}, {"publish_at": when.isoformat()})
    assert changes[0]["lines"] == [("+", "09:30, 8 tháng 3 năm 2026")]


def test_restore_brings_back_the_body_with_its_photos_in_place(client, rich, editor):
    old = revisions.record(rich, editor, force=True)
    rich.body = [block("paragraph", "Bản sai.")]
    rich.save()
    rich.photo_slots.all().delete()
    revisions.restore(rich, old, editor)
    rich.refresh_from_db()
    assert [item["type"] for item in rich.body] == [item["type"] for item in old.data["body"]]
    slots = {slot.pk: slot.caption for slot in rich.photo_slots.all()}
    galleries = [[slots[pk] for pk in item["value"]["slots"]] for item in rich.body if item["type"] == "photos"]
    assert galleries == [["Ảnh số 0", "Ảnh số 1"], ["Ảnh số 2"]]
    page = client.get(rich.get_absolute_url()).content.decode()
    assert page.count("<picture") == 3


def test_deleting_a_slot_takes_it_out_of_its_photos_block(rich):
    first, second, third = rich.photo_slots.order_by("pk")
    third.delete()
    second.delete()
    rich.refresh_from_db()
    assert [item["value"] for item in rich.body if item["type"] == "photos"] == [{"slots": [first.pk]}]
    rich.save()  # still valid


# --- The legacy importer ------------------------------------------------------------------------


def test_the_importer_writes_blocks_with_bare_urls_as_links_and_captions_in_place(db):
    from articles.importer import parse_export, save_parsed

    raw = ("Đồng Hới công bố quy hoạch\n41\n\nSapo của bài.\n\nToàn văn tại https://dongphu.gov.vn/quy-hoach.\n\n"
           "Ảnh: toàn cảnh\n\nĐoạn cuối <b>không</b> phải HTML.\n\nNgô Quang Văn\n").encode()
    parsed = parse_export(raw, "qh")
    assert parsed.paragraphs[0] == "Toàn văn tại https://dongphu.gov.vn/quy-hoach."  # the dry-run contract
    article, created = save_parsed(parsed)
    slot = article.photo_slots.get()
    assert [(item["type"], item["value"]) for item in article.body] == [
        ("paragraph", 'Toàn văn tại <a href="https://dongphu.gov.vn/quy-hoach">https://dongphu.gov.vn/quy-hoach</a>.'),
        ("photos", {"slots": [slot.pk]}),
        ("paragraph", "Đoạn cuối &lt;b&gt;không&lt;/b&gt; phải HTML.")]
    again, created = save_parsed(parse_export(raw, "qh"))  # a re-import updates in place
    assert (again.pk, created, again.photo_slots.get().pk) == (article.pk, False, slot.pk)

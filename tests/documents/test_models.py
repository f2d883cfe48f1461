"""The register's rules: derived status, search folding, numbers, files by content, sanitised full text."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.files import inspect_upload
from documents.models import Document, DocumentRelation, LegalStatus, RelationKind, search_fold
from documents.richtext import sanitize_html

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_status_is_in_force_between_effective_and_expiry_dates(make_document):
    document = make_document(effective_on=days(-1), expires_on=days(1))
    assert document.legal_status == LegalStatus.IN_FORCE


def test_status_is_not_yet_before_the_effective_date_or_without_one(make_document):
    assert make_document(number="1/QĐ", effective_on=days(3)).legal_status == LegalStatus.NOT_YET
    assert make_document(number="2/QĐ", effective_on=None).legal_status == LegalStatus.NOT_YET


def test_status_is_expired_from_the_day_it_ceases_to_have_effect(make_document):
    document = make_document(effective_on=days(-10), expires_on=days(0))
    assert document.legal_status == LegalStatus.EXPIRED


def test_a_document_replaced_by_one_that_took_effect_is_expired(make_document):
    old = make_document(number="10/QĐ-UBND", effective_on=days(-400))
    new = make_document(number="146/QĐ-UBND", effective_on=days(-1))
    DocumentRelation.objects.create(source=new, kind=RelationKind.REPLACES, target=old)
    assert Document.objects.get(pk=old.pk).legal_status == LegalStatus.EXPIRED


def test_a_replacement_not_yet_in_effect_or_not_published_leaves_the_old_one_in_force(make_document):
    old = make_document(number="10/QĐ-UBND", effective_on=days(-400))
    later = make_document(number="146/QĐ-UBND", effective_on=days(5))
    draft = make_document(number="147/QĐ-UBND", effective_on=days(-1), publish=False)
    DocumentRelation.objects.create(source=later, kind=RelationKind.REPLACES, target=old)
    DocumentRelation.objects.create(source=draft, kind=RelationKind.REPLACES, target=old)
    assert Document.objects.get(pk=old.pk).legal_status == LegalStatus.IN_FORCE


def test_the_status_follows_the_date_without_any_save(make_document):
    document = make_document(effective_on=days(-5), expires_on=days(2))
    assert Document.objects.with_legal_status(today=days(1)).get(pk=document.pk).legal_status == LegalStatus.IN_FORCE
    assert Document.objects.with_legal_status(today=days(2)).get(pk=document.pk).legal_status == LegalStatus.EXPIRED


def test_an_expiry_before_the_effective_date_is_refused_in_vietnamese(make_document, body):
    with pytest.raises(ValidationError) as error:
        make_document(effective_on=days(5), expires_on=days(1))
    assert error.value.message_dict["expires_on"] == ["Ngày hết hiệu lực phải sau ngày có hiệu lực."]


def test_the_same_number_of_the_same_body_is_refused_whatever_its_spelling(make_document):
    make_document(number="146/QĐ-UBND")
    with pytest.raises(ValidationError) as error:
        make_document(number="146/QD-ubnd")
    assert "đã có văn bản số “146/QD-ubnd”" in error.value.message_dict["number"][0]
    assert Document.objects.count() == 1


@pytest.mark.parametrize("query", ["146/QĐ-UBND", "146/QD-UBND", "146 qđ ubnd", "146", "kế hoạch sử dụng đất",
                                   "KE HOACH SU DUNG DAT", "năm 2026"])
def test_search_finds_a_document_by_number_or_summary_in_any_spelling(make_document, query):
    document = make_document()
    make_document(number="99/KH-UBND", summary="Kế hoạch phòng chống thiên tai")
    assert list(Document.objects.search(query)) == [document]


def test_search_matches_whole_word_starts_not_inside_words(make_document):
    make_document(number="1146/QĐ-UBND", summary="Về việc khác")
    assert list(Document.objects.search("146")) == []


def test_search_folding_turns_punctuation_into_spaces():
    assert search_fold("146/QĐ-UBND; Đồng Hới.") == "146 qd ubnd dong hoi"


def test_slug_is_made_from_number_and_summary_with_d_kept(make_document):
    document = make_document()
    assert document.slug == "146-qd-ubnd-ve-viec-phe-duyet-ke-hoach-su-dung-dat-nam-2026-thanh-pho-dong-hoi"


@pytest.mark.parametrize("key,name,file_type", [("pdf", "quyết định.pdf", "PDF"), ("docx", "a.docx", "DOCX"),
                                                ("xlsx", "a.xlsx", "XLSX"), ("odt", "a.odt", "ODT"),
                                                ("ods", "a.ods", "ODS"), ("doc", "a.doc", "DOC")])
def test_each_accepted_kind_is_recognised_by_its_content(files, make_upload, key, name, file_type):
    info = inspect_upload(make_upload(files[key], name))
    assert info.file_type == file_type
    assert info.name == name


def test_a_file_named_wrongly_gets_the_extension_of_its_content(files, make_upload):
    assert inspect_upload(make_upload(files["pdf"], "Kế hoạch.docx")).name == "Kế hoạch.docx.pdf"


@pytest.mark.parametrize("data,code", [
    (b"<html><script>alert(1)</script></html>", "not_allowed"),
    (b"MZ\x90\x00 an executable", "not_allowed"),
    (b"", "empty"),
    (b"PK\x03\x04 not really a zip", "corrupt"),
])
def test_files_that_are_not_documents_are_refused(make_upload, data, code):
    with pytest.raises(ValidationError) as error:
        inspect_upload(make_upload(data, "van-ban.pdf"))
    assert error.value.code == code


def test_a_zip_that_is_not_an_office_document_is_refused(make_upload):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as error:
        inspect_upload(make_upload(buffer.getvalue(), "a.docx"))
    assert error.value.messages == ["Tệp này không phải PDF, DOC/DOCX, XLS/XLSX hoặc ODT/ODS (kiểm tra theo nội dung "
                                    "tệp, không theo tên tệp)."]


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(settings, files, make_upload):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    data = files["pdf"] + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        inspect_upload(make_upload(data, "lon.pdf"))
    assert error.value.messages == ["Tệp quá lớn: 1 MB. Tệp văn bản tối đa 1 MB."]


def test_full_text_keeps_the_allowed_tags_and_drops_everything_else():
    html = ('<h2>Điều 1</h2><p onclick="x()">Nội <strong>dung</strong><script>alert(1)</script></p>'
            '<img src="x.png"><a href="javascript:alert(1)">xấu</a><a href="//evil.example/">ngoài</a>'
            '<a href="/van-ban/">nội bộ</a><a href="https://example.gov.vn/">cổng</a><style>p{}</style>'
            '<table><tr><td colspan="2" style="color:red">ô</td></tr></table>')
    assert sanitize_html(html) == (
        '<h2>Điều 1</h2><p>Nội <strong>dung</strong></p><a rel="noopener noreferrer">xấu</a>'
        '<a rel="noopener noreferrer">ngoài</a><a href="/van-ban/" rel="noopener noreferrer">nội bộ</a>'
        '<a href="https://example.gov.vn/" rel="noopener noreferrer">cổng</a>'
        '<table><tbody><tr><td colspan="2">ô</td></tr></tbody></table>')


def test_full_text_is_sanitised_when_saved(make_document):
    document = make_document(full_text='<p>Đoạn</p><script>alert("x")</script>')
    document.refresh_from_db()
    assert document.full_text == "<p>Đoạn</p>"

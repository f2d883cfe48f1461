"""Fixtures for the documents register: files made in code, documents and consultations
reached the way users reach them (documents/workflow.py publishes)."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import workflow
from documents.models import (Consultation, ConsultationPart, Document, DocumentFile, DocumentKind, IssuingBody,
                              Sector)


@pytest.fixture(autouse=True)
def document_files_root(settings, tmp_path):
    """Document files go into the test's own folder."""
    settings.DOCUMENT_FILES_ROOT = tmp_path / "document-files"
    return settings.DOCUMENT_FILES_ROOT


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    """The minimum time on the page is tested on its own (test_comments.py); elsewhere it is 0."""
    settings.DOCUMENT_COMMENT_MIN_SECONDS = 0


def pdf_bytes(text="Van ban") -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"% " + text.encode() + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>').encode(),
        "word/document.xml": b"<w:document/>"})


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Bảng"
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes(kind="text") -> bytes:
    return zip_bytes({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(), "content.xml": b"<x/>"})


def doc_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 100


@pytest.fixture
def files():
    """Real files of each accepted kind, made here: name -> bytes."""
    return {"pdf": pdf_bytes(), "docx": docx_bytes(), "xlsx": xlsx_bytes(), "odt": odt_bytes(),
            "ods": odt_bytes("spreadsheet"), "doc": doc_bytes()}


def upload(data: bytes, name: str, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def clerk(django_user_model):
    user = django_user_model.objects.create_user(username="vanthu", password="pw-vanthu", email="vt@example.com",
                                                 is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Document clerk")[0])
    return user


@pytest.fixture
def body(db):
    return IssuingBody.objects.create(name="UBND thành phố Đồng Hới")


@pytest.fixture
def sector(db):
    return Sector.objects.create(name="Đất đai")


def kind(name: str) -> DocumentKind:
    # Seeded by migration 0002; a database flushed by a transactional test lacks it.
    return DocumentKind.objects.get_or_create(name=name, defaults={"accepts_comments": name == "Dự thảo"})[0]


@pytest.fixture
def make_document(db, body, clerk):
    """make_document(number=..., publish=True, files=[(bytes, name)], **fields): a document, published by the clerk."""

    def make(*, number="146/QĐ-UBND", summary="Về việc phê duyệt kế hoạch sử dụng đất năm 2026 thành phố Đồng Hới",
             kind_name="Quyết định", publish=True, files=(), issuing_body=None, **fields):
        today = timezone.localdate()
        fields.setdefault("issued_on", today - datetime.timedelta(days=30))
        fields.setdefault("effective_on", today - datetime.timedelta(days=20))
        document = Document(kind=kind(kind_name), number=number, summary=summary,
                            issuing_body=issuing_body or body, signer="Trần Phong", signer_title="Chủ tịch",
                            **fields)
        document.full_clean()
        document.save()
        for order, (data, name) in enumerate(files):
            item = DocumentFile(document=document, file=upload(data, name), order=order)
            item.full_clean()
            item.save()
        if publish:
            document = workflow.publish(document, clerk)
        return document

    return make


@pytest.fixture
def make_consultation(make_document):
    """An open draft: opened an hour ago, closing in `days` days, with two parts."""

    def make(*, days=10, opens_at=None, closes_at=None, publish=True, parts=("Chương I", "Điều 5"), **fields):
        now = timezone.now()
        draft = make_document(number="", kind_name="Dự thảo", publish=publish, issued_on=None, effective_on=None,
                              summary=fields.pop("summary", "Dự thảo Quy định quản lý trật tự xây dựng trên địa bàn"
                                                            " thành phố"), **fields)
        consultation = Consultation(document=draft, opens_at=opens_at or now - datetime.timedelta(hours=1),
                                    closes_at=closes_at or now + datetime.timedelta(days=days),
                                    unit_name="Phòng Quản lý đô thị", unit_email="qldt@example.gov.vn",
                                    unit_contact="Số 1 Quang Trung, Đồng Hới; 0232 3822 123")
        consultation.full_clean()
        consultation.save()
        for order, label in enumerate(parts):
            ConsultationPart.objects.create(consultation=consultation, label=label, title=f"Nội dung {label}",
                                            order=order)
        return consultation

    return make


@pytest.fixture
def make_upload():
    return upload

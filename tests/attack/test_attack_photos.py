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

import json
from pathlib import Path

import pytest
from PIL import ImageFile
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
        "body": json.dumps(article.body), "section": article.section_id or "", "tags": "",
        "source_published_on": "", "edit_version": article.version, "correction_kind": "", "correction_note": "",
        "author_links-TOTAL_FORMS": "0", "author_links-INITIAL_FORMS": "0",
        "author_links-MIN_NUM_FORMS": "0", "author_links-MAX_NUM_FORMS": "1000",
        "photo_slots-TOTAL_FORMS": "1", "photo_slots-INITIAL_FORMS": "0",
        "photo_slots-MIN_NUM_FORMS": "0", "photo_slots-MAX_NUM_FORMS": "1000",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
        "photo_slots-0-id": "", "photo_slots-0-article": article.pk, "photo_slots-0-photo": "",
        "photo_slots-0-upload": upload, "photo_slots-0-alt_text": "Cầu Nhật Lệ", "photo_slots-0-caption": "",
        "photo_slots-0-credit": "", "photo_slots-0-order": "0",
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


def test_a_small_file_of_7700_by_7700_pixels_is_refused_before_decoding(client, reporter, monkeypatch):
    data = flat_png(7700, 7700)
    assert len(data) < 250 * 1024
    client.force_login(reporter)
    # A spy on Pillow's decoder (it still decodes): the refusal must come from the header alone.
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image.size) or real_load(image))

    response = post_to_library(client, data, "anh.png", "image/png")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [
        "Ảnh PNG quá lớn: 7700×7700 điểm ảnh (59,3 megapixel). Ảnh PNG, WebP và GIF tối đa 16 megapixel; "
        "hãy thu nhỏ ảnh hoặc lưu thành JPEG rồi tải lại."]
    assert_nothing_written()
    assert (7700, 7700) not in decoded  # decoding it took 10 s (and 626 MB) before the limit was lowered


def test_a_jpeg_over_the_scaled_decode_limit_is_refused_too(client, reporter, settings):
    settings.PHOTO_MAX_PIXELS = 100_000
    client.force_login(reporter)
    from tests.helpers.photos import image_bytes

    response = post_to_library(client, image_bytes("JPEG", size=(400, 300)), "anh.jpg", "image/jpeg")

    assert response.context["adminform"].form.errors["image"] == [
        "Ảnh quá lớn: 400×300 điểm ảnh (0,1 megapixel). Tối đa 0,1 megapixel; hãy thu nhỏ ảnh rồi tải lại."]
    assert_nothing_written()


# --- Item 1: a reporter's crafted requests on a shared photo ---------------------------------


@pytest.fixture
def published_photo(other_reporter, editor):
    from articles import workflow
    from tests.helpers.factories import ArticlePhotoFactory, PhotoFactory

    article = ArticleFactory(created_by=other_reporter, title="Bài đã đăng")
    photo = PhotoFactory(alt_text="Cầu Nhật Lệ", credit="Ngọc Minh", uploaded_by=other_reporter)
    ArticlePhotoFactory(article=article, photo=photo)
    workflow.publish(article, editor)
    return photo


def photo_row(photo) -> tuple:
    photo = Photo.objects.get(pk=photo.pk)
    return photo.image.name, photo.alt_text, photo.credit, photo.caption, photo.focal_x, photo.focal_y


@pytest.mark.parametrize("change", [
    {"alt_text": "Ảnh đã bị thay"}, {"credit": "Kẻ phá"}, {"focal_x": "0.05", "focal_y": "0.95"},
    {"image": "new-file"}])
def test_reporters_crafted_post_to_a_published_photos_form_is_403(client, reporter, published_photo, change):
    from tests.helpers.photos import image_bytes

    before = photo_row(published_photo)
    data = {"alt_text": "Cầu Nhật Lệ", "caption": "", "credit": "Ngọc Minh", "focal_x": "0.5", "focal_y": "0.5",
            **change}
    if data.get("image") == "new-file":
        data["image"] = SimpleUploadedFile("x.jpg", image_bytes("JPEG", color=(0, 255, 0)), content_type="image/jpeg")
    client.force_login(reporter)

    response = client.post(reverse("admin:photos_photo_change", args=[published_photo.pk]), data)

    assert response.status_code == 403
    assert photo_row(published_photo) == before


def test_reporters_crafted_slot_post_cannot_rewrite_a_published_photos_alt(client, reporter, published_photo):
    from tests.helpers.admin import change_form_data
    from tests.helpers.factories import ArticlePhotoFactory

    draft = ArticleFactory(created_by=reporter, byline=[])
    ArticlePhotoFactory(article=draft, photo=published_photo, caption="Của tôi")
    before = photo_row(published_photo)
    client.force_login(reporter)

    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]),
                           change_form_data(draft, **{"photo_slots-0-alt_text": "Ảnh đã bị thay"}))

    assert response.status_code == 200
    assert "Bạn không thể sửa mô tả ảnh (alt) của ảnh này" in response.content.decode()
    assert photo_row(published_photo) == before


# --- Item 10: the library shows a reporter nothing of others' drafts or the trash -------------


def test_library_list_picker_and_change_page_hide_other_reporters_drafts(client, reporter, other_reporter, editor):
    from articles import workflow
    from tests.helpers.factories import ArticlePhotoFactory, PhotoFactory

    secret_draft = ArticleFactory(created_by=other_reporter, byline=[])
    secret = PhotoFactory(alt_text="Vụ án chưa công bố", uploaded_by=other_reporter)
    ArticlePhotoFactory(article=secret_draft, photo=secret)
    trashed = ArticleFactory(created_by=other_reporter, byline=[])
    binned = PhotoFactory(alt_text="Ảnh trong thùng rác", uploaded_by=other_reporter)
    ArticlePhotoFactory(article=trashed, photo=binned)
    workflow.trash(trashed, editor)
    client.force_login(reporter)

    listing = client.get(reverse("admin:photos_photo_changelist"), {"q": "Vụ án"}).content.decode()
    picker = client.get(reverse("admin:autocomplete"), {"app_label": "photos", "model_name": "articlephoto",
                                                        "field_name": "photo", "term": ""}).json()
    opened = [client.get(reverse("admin:photos_photo_change", args=[photo.pk]), follow=True).content.decode()
              for photo in (secret, binned)]

    assert "Vụ án chưa công bố" not in listing
    assert picker["results"] == []
    assert "Vụ án chưa công bố" not in opened[0] and "Ảnh trong thùng rác" not in opened[1]


# --- Item 7: rendition addresses cannot be guessed; drafts' photos need a signed address ------


def test_a_draft_photos_renditions_are_not_at_the_old_guessable_address(client, reporter):
    import hashlib

    from photos import renditions
    from tests.helpers.factories import ArticlePhotoFactory

    draft = ArticleFactory(created_by=reporter, byline=[])
    photo = ArticlePhotoFactory(article=draft).photo
    made = renditions.ensure_renditions(photo)
    old_token = hashlib.sha1(photo.image.name.encode()).hexdigest()[:12]

    for rendition in made:
        assert old_token not in rendition.file.name
        assert rendition.file.name.rsplit("/", 1)[1][:32] not in photo.image.name
    # Brute force over the old scheme's inputs (id, width, extension) finds nothing.
    for width in (480, 960, 1600, 640):
        for extension in ("webp", "jpg"):
            name = f"renditions/{photo.pk}/{old_token}-{width}w.{extension}"
            assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_a_drafts_preview_gives_out_no_plain_photo_address(client, reporter):
    from articles.workflow.previews import preview_url
    from tests.helpers.factories import ArticlePhotoFactory

    draft = ArticleFactory(created_by=reporter, byline=[])
    photo = ArticlePhotoFactory(article=draft).photo

    html = client.get(preview_url(draft)).content.decode()

    assert "/xem-truoc/anh/" in html
    assert settings.MEDIA_URL + "renditions/" not in html
    assert not any(r.file.name in html for r in photo.renditions.all())


@pytest.mark.parametrize("token", ["1", "eyJyIjoxfQ", "eyJyIjoxLCJlIjo5OTk5OTk5OTk5fQ:1vAAAA:AAAA", "%00", "../" * 10])
def test_forged_signed_photo_addresses_are_404(client, token):
    from tests.helpers.factories import PhotoFactory

    PhotoFactory()
    # A NUL byte is refused before any view (400, newsroom's NUL middleware); the rest find nothing.
    assert client.get(f"/xem-truoc/anh/{token}/").status_code == (400 if token == "%00" else 404)

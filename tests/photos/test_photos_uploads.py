"""Uploads through the admin: accepted formats, every refused kind of file, metadata prefill."""

import json
import pytest
from django.urls import reverse

from photos.models import ArticlePhoto, Photo
from photos.validation import MESSAGES
from tests.helpers.factories import ArticleFactory
from tests.helpers.photos import corrupt_png, exif_jpeg, image_bytes, png_claiming, upload, with_iptc

ADD_URL = "/admin/photos/photo/add/"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def post_photo(admin_client, file, **fields):
    data = {"image": file, "alt_text": "Cầu Nhật Lệ", "caption": "", "credit": "", "focal_x": "0.5",
            "focal_y": "0.5", **fields}
    return admin_client.post(ADD_URL, data)


def image_errors(response):
    return response.context["adminform"].form.errors["image"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,name,extra", [
    ("JPEG", "anh.jpg", {}),
    ("PNG", "anh.png", {}),
    ("WEBP", "anh.webp", {}),
    ("GIF", "anh.gif", {}),
    ("PNG", "khong-co-duoi", {}),  # judged by content, not by name
])
def test_allowed_formats_are_accepted_and_get_renditions(admin_client, fmt, name, extra):
    response = post_photo(admin_client, upload(image_bytes(fmt, size=(800, 600)), name=name))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (800, 600)
    assert sorted((r.format, r.width) for r in photo.renditions.all()) == [
        ("jpeg", 480), ("jpeg", 800), ("webp", 480), ("webp", 800)]


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>document.location='http://example.com'</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCRIPT = b"#!/bin/sh\necho pwned > /tmp/pwned\n"


@pytest.mark.django_db
@pytest.mark.parametrize("data,name,content_type", [
    (SVG, "anh.svg", "image/svg+xml"),
    (SVG, "anh.jpg", "image/jpeg"),
    (HTML, "anh.jpg", "image/jpeg"),
    (PDF, "anh.pdf", "application/pdf"),
    (SCRIPT, "anh.jpg", "image/jpeg"),
    (image_bytes("BMP"), "anh.bmp", "image/bmp"),
    (image_bytes("TIFF"), "anh.jpg", "image/jpeg"),
], ids=["svg", "svg-renamed-jpg", "html", "pdf", "script-renamed-jpg", "bmp", "tiff-renamed-jpg"])
def test_non_images_and_other_formats_are_refused_with_a_vietnamese_error(admin_client, data, name, content_type):
    response = post_photo(admin_client, upload(data, name=name, content_type=content_type))

    assert response.status_code == 200
    assert image_errors(response) == [str(MESSAGES["not_image"])]
    assert "Tệp này không phải ảnh JPEG, PNG, WebP hoặc GIF" in response.content.decode()
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_truncated_jpeg_is_refused(admin_client):
    whole = image_bytes("JPEG", size=(800, 600), quality=95)
    response = post_photo(admin_client, upload(whole[: len(whole) // 2]))

    assert response.status_code == 200
    assert image_errors(response) == [str(MESSAGES["corrupt"])]
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_corrupt_png_is_refused(admin_client):
    response = post_photo(admin_client, upload(corrupt_png(), name="anh.png", content_type="image/png"))

    assert response.status_code == 200
    assert image_errors(response) == [str(MESSAGES["corrupt"])]
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_decompression_bomb_is_refused_before_decoding(admin_client):
    response = post_photo(admin_client, upload(png_claiming(100_000, 100_000), name="anh.png"))

    assert response.status_code == 200
    assert image_errors(response) == [
        "Ảnh khai báo kích thước bất thường (10000 megapixel), có thể là “bom giải nén”; tệp bị từ chối."]
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_image_over_the_pixel_limit_is_refused(admin_client, settings):
    settings.PHOTO_MAX_PIXELS = 200_000
    response = post_photo(admin_client, upload(image_bytes("JPEG", size=(800, 600))))

    assert response.status_code == 200
    assert image_errors(response) == [
        "Ảnh quá lớn: 800×600 điểm ảnh (0,5 megapixel). Tối đa 0,2 megapixel; hãy thu nhỏ ảnh rồi tải lại."]
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 2048
    jpeg = image_bytes("JPEG", size=(800, 600))
    data = jpeg + b"\x00" * (20 * 1024 - len(jpeg))  # a valid JPEG padded to exactly 20 KB
    response = post_photo(admin_client, upload(data))

    assert response.status_code == 200
    assert image_errors(response) == ["Tệp quá lớn: 20 KB. Tệp ảnh tải lên tối đa 2 KB."]
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_empty_file_is_refused(admin_client):
    response = post_photo(admin_client, upload(b""))

    assert response.status_code == 200
    assert image_errors(response) == ["Tập tin được gửi là rỗng."]  # Django's own check, in Vietnamese
    assert Photo.objects.count() == 0


@pytest.mark.django_db
def test_exif_caption_and_author_prefill_blank_fields(admin_client):
    data = exif_jpeg(description="Lễ hội đua thuyền trên sông Nhật Lệ", artist="Ngọc Minh",
                     copyright_="Báo Quảng Bình")
    post_photo(admin_client, upload(data))

    photo = Photo.objects.get()
    assert photo.caption == "Lễ hội đua thuyền trên sông Nhật Lệ"
    assert photo.credit == "Ngọc Minh – Báo Quảng Bình"


@pytest.mark.django_db
def test_iptc_fields_win_over_exif_and_typed_fields_win_over_both(admin_client):
    data = with_iptc(exif_jpeg(description="EXIF mô tả", artist="EXIF tác giả"),
                     {(2, 120): "Cầu Nhật Lệ 2 lúc hoàng hôn", (2, 80): "Trần Hùng", (2, 116): "TTXVN"})
    post_photo(admin_client, upload(data))
    photo = Photo.objects.get()
    assert photo.caption == "Cầu Nhật Lệ 2 lúc hoàng hôn"
    assert photo.credit == "Trần Hùng – TTXVN"

    photo.delete()
    post_photo(admin_client, upload(data), caption="Chú thích của phóng viên", credit="Ảnh: Hải Đăng")
    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Chú thích của phóng viên", "Ảnh: Hải Đăng")


# The inline slot form of the article admin.

def article_change_data(article, **slot):
    data = {
        "title": article.title, "slug": article.slug, "lead": article.lead,
        "body": json.dumps(article.body), "section": article.section_id or "", "tags": "",
        "source_published_on": "", "edit_version": article.version,
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
    data.update({f"photo_slots-0-{key}": value for key, value in slot.items()})
    return data


@pytest.mark.django_db
def test_inline_slot_upload_refuses_a_script_renamed_jpg(admin_client):
    article = ArticleFactory(byline=[])
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(url, article_change_data(article, upload=upload(SCRIPT)))

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photo_slots")
    assert formset.formset.forms[0].errors["upload"] == [str(MESSAGES["not_image"])]
    assert ArticlePhoto.objects.count() == 0 and Photo.objects.count() == 0


@pytest.mark.django_db
def test_inline_slot_upload_makes_a_photo_with_prefilled_caption(admin_client):
    article = ArticleFactory(byline=[])
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = exif_jpeg(description="Phố đi bộ Bảo Ninh", artist="Ngọc Minh")
    response = admin_client.post(url, article_change_data(article, upload=upload(data)))

    assert response.status_code == 302
    slot = ArticlePhoto.objects.get()
    assert slot.caption == "Phố đi bộ Bảo Ninh"
    assert slot.credit == ""
    assert slot.display_credit == "Ngọc Minh"
    assert slot.photo.renditions.count() == 4

"""The editor's upload endpoint: checks, prefill, orientation, reuse by content, who may upload."""

import io

import pytest
from django.test import Client
from PIL import Image

from photos.models import Photo
from photos.validation import MESSAGES
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.photos import exif_jpeg, image_bytes, upload, with_iptc

URL = "/admin/photos/photo/editor/upload/"


def post(client, data: bytes, name="anh.jpg"):
    return client.post(URL, {"file": upload(data, name=name)})


def test_a_phone_photo_is_stored_upright_with_caption_and_credit_from_its_metadata(as_user, reporter):
    data = with_iptc(exif_jpeg(size=(800, 600), orientation=6, artist="Ngọc Minh", top_color=(0, 0, 255)),
                     {(2, 120): "Lễ ra quân ở phường Đồng Phú", (2, 116): "Báo Quảng Bình"})
    response = post(as_user(reporter), data, name="IMG_0001.jpg")

    assert response.status_code == 200
    body = response.json()
    photo = Photo.objects.get()
    assert body["reused"] is False
    assert body["photo"] == {"id": photo.pk, "thumb": body["photo"]["thumb"], "src": body["photo"]["src"],
                             "width": 600, "height": 800, "alt": "",
                             "caption": "Lễ ra quân ở phường Đồng Phú", "credit": "Ngọc Minh – Báo Quảng Bình"}
    assert photo.uploaded_by == reporter
    # Signed addresses (the admin never gives a plain one), serving a metadata-free, upright copy.
    assert body["photo"]["thumb"].startswith("/xem-truoc/anh/")
    served = Client().get(body["photo"]["src"])
    assert served.status_code == 200
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert image.width < image.height
    assert not image.getexif()
    assert "exif" not in image.info and "photoshop" not in image.info


def test_a_file_that_is_no_image_is_refused_in_vietnamese_and_nothing_is_stored(as_user, reporter):
    response = post(as_user(reporter), b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="bieu-do.jpg")

    assert response.status_code == 400
    assert response.json() == {"error": f"Ảnh “bieu-do.jpg”: {MESSAGES['not_image']}"}
    assert not Photo.objects.exists()


def test_a_request_without_a_file_is_refused(as_user, reporter):
    response = as_user(reporter).post(URL, {})
    assert response.status_code == 400
    assert response.json() == {"error": "Chưa chọn tệp ảnh để tải lên."}


def test_the_same_file_twice_is_one_photo(as_user, reporter):
    client = as_user(reporter)
    data = image_bytes("PNG", size=(400, 300))
    first = post(client, data, name="a.png").json()
    second = post(client, data, name="ban-sao.png").json()

    assert second["reused"] is True
    assert second["photo"]["id"] == first["photo"]["id"]
    assert Photo.objects.count() == 1
    assert len(Photo.objects.get().content_hash) == 64


def test_another_reporters_draft_photo_is_never_handed_out_a_copy_is_made(as_user, reporter, other_reporter, editor):
    data = image_bytes("JPEG", size=(400, 300), color=(1, 2, 3))
    theirs = ArticlePhotoFactory(article=ArticleFactory(created_by=other_reporter),
                                 photo__image=upload(data, name="cua-ban.jpg"), photo__uploaded_by=other_reporter)

    mine = post(as_user(reporter), data).json()
    assert mine["reused"] is False
    assert mine["photo"]["id"] != theirs.photo_id
    assert Photo.objects.count() == 2

    # An editor sees every photo: the oldest with that content is reused.
    by_editor = post(as_user(editor), data).json()
    assert (by_editor["reused"], by_editor["photo"]["id"]) == (True, theirs.photo_id)


def test_unauthenticated_and_roleless_users_are_refused_as_json(client, staff_without_role):
    response = post(client, image_bytes())
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "đăng nhập" in response.json()["error"]

    client.force_login(staff_without_role)
    response = post(client, image_bytes())
    assert response.status_code == 403
    assert response.json() == {"error": "Bạn không có quyền tải ảnh lên thư viện."}
    assert not Photo.objects.exists()


def test_a_post_without_the_csrf_token_is_refused_as_json(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    response = post(client, image_bytes())
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert not Photo.objects.exists()


def test_get_is_not_an_upload(as_user, reporter):
    response = as_user(reporter).get(URL)
    assert response.status_code == 405
    assert response.json() == {"error": "Địa chỉ này chỉ nhận yêu cầu POST."}


@pytest.mark.django_db
def test_a_non_staff_account_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("docgia", password="x", is_staff=False)
    client.force_login(user)
    response = post(client, image_bytes())
    assert response.status_code == 403
    assert not Photo.objects.exists()

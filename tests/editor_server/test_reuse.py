"""The same file uploaded again, through the library's add form or a photo slot: the photo already there."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from photos.models import ArticlePhoto, Photo
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, PhotoFactory
from tests.helpers.photos import image_bytes, upload


def library_add(client, data, **fields):
    return client.post("/admin/photos/photo/add/", {
        "image": upload(data, name="lan-hai.jpg"), "alt_text": "Mô tả mới", "caption": "", "credit": "",
        "focal_x": "0.5", "focal_y": "0.5", **fields})


def test_the_library_add_form_opens_the_photo_already_there(as_user, reporter):
    data = image_bytes(size=(300, 200))
    client = as_user(reporter)
    assert library_add(client, data).status_code == 302
    first = Photo.objects.get()

    response = library_add(client, data, alt_text="Một mô tả khác")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:photos_photo_change", args=[first.pk])
    assert Photo.objects.count() == 1
    first.refresh_from_db()
    assert first.alt_text == "Mô tả mới"
    page = client.get(response["Location"])
    assert "Ảnh này đã có trong thư viện" in page.content.decode()


def test_a_slot_upload_of_a_file_already_there_uses_that_photo(as_user, reporter):
    data = image_bytes(size=(300, 200), color=(9, 9, 9))
    existing = PhotoFactory(image=upload(data), uploaded_by=reporter, alt_text="")
    article = ArticleFactory(created_by=reporter)
    form = change_form_data(article)
    form.update({"photo_slots-TOTAL_FORMS": 1, "photo_slots-0-photo": "", "photo_slots-0-upload": upload(data),
                 "photo_slots-0-alt_text": "Bến thuyền", "photo_slots-0-caption": "Bến thuyền sáng sớm",
                 "photo_slots-0-credit": "", "photo_slots-0-order": 0})

    response = as_user(reporter).post(reverse("admin:articles_article_change", args=[article.pk]), form)

    assert response.status_code == 302
    assert Photo.objects.count() == 1
    slot = ArticlePhoto.objects.get()
    assert (slot.photo, slot.caption) == (existing, "Bến thuyền sáng sớm")
    existing.refresh_from_db()
    assert existing.alt_text == "Bến thuyền"  # the reporter may change their own unused photo


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_the_photos_already_in_the_library():
    import hashlib

    data = image_bytes(size=(64, 64), color=(4, 5, 6))
    photo = PhotoFactory(image=upload(data))
    Photo.objects.filter(pk=photo.pk).update(content_hash="")  # as before the migration

    call_command("migrate", "photos", "0006", verbosity=0)
    call_command("migrate", verbosity=0)

    assert Photo.objects.get(pk=photo.pk).content_hash == hashlib.sha256(data).hexdigest()

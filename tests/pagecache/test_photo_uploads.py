"""A reporter's photo upload does not empty the public caches; a change to a photo readers see does.

With the body editor, reporters upload photos all day (each upload writes a Photo
and its renditions). A photo no live article shows cannot change a public page,
so those writes drop nothing (Photo.never_public, Rendition.never_public); a
change to a photo a live article shows still drops what shows it.
"""

import pytest

from pagecache.generation import current_generation
from photos.models import Photo
from photos.renditions import ensure_renditions
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.photos import image_bytes, upload

pytestmark = pytest.mark.django_db


def test_an_upload_through_the_editor_keeps_every_cached_page(client, reporter):
    client.force_login(reporter)
    before = current_generation()
    response = client.post("/admin/photos/photo/editor/upload/", {"file": upload(image_bytes(), name="anh.jpg")})
    assert response.status_code == 200
    assert Photo.objects.get().renditions.exists()
    assert current_generation() == before


def test_a_photo_only_drafts_use_changes_no_public_page():
    slot = ArticlePhotoFactory(article=ArticleFactory())  # a draft
    before = current_generation()
    slot.photo.alt_text = "Mô tả mới"
    slot.photo.save()
    ensure_renditions(slot.photo)
    assert current_generation() == before


def test_a_photo_a_live_article_shows_drops_the_pages_when_it_changes():
    slot = ArticlePhotoFactory(article=ArticleFactory(live=True))
    before = current_generation()
    slot.photo.alt_text = "Mô tả mới"
    slot.photo.save()
    assert current_generation() != before


def test_a_new_unused_photo_in_the_library_keeps_the_pages():
    before = current_generation()
    PhotoFactory()
    assert current_generation() == before

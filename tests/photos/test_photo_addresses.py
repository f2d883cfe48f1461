"""Rendition addresses (issue 13, item 7): random names; a photo no live article shows
is reachable only through a signed address that expires."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.workflow.previews import preview_url
from photos import renditions
from photos.models import Photo, Rendition
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.photos import image_bytes

pytestmark = pytest.mark.django_db

SIGNED_PREFIX = "/xem-truoc/anh/"


def image_addresses(html: str) -> list[str]:
    """Every address in the page's src and srcset attributes and its og:image."""
    found = []
    for value in re.findall(r'(?:src|srcset|content)="([^"]+)"', html):
        for candidate in value.split(","):
            url = candidate.strip().split(" ")[0]
            if settings.MEDIA_URL in url or SIGNED_PREFIX in url:
                found.append(url)
    return found


def article_with_photo(**kwargs):
    article = ArticleFactory(**kwargs)
    slot = ArticlePhotoFactory(article=article, caption="Cầu Nhật Lệ")
    return article, slot.photo


def test_rendition_names_are_random_not_derived_from_the_upload():
    first = PhotoFactory(image=ContentFile(image_bytes("JPEG", size=(800, 600)), name="cau.jpg"))
    second = PhotoFactory(image=ContentFile(image_bytes("JPEG", size=(800, 600)), name="cau.jpg"))
    names = [r.file.name for photo in (first, second) for r in renditions.ensure_renditions(photo)]

    assert len(names) == 8 and len(set(names)) == 8
    for name in names:
        assert re.fullmatch(r"renditions/\d+/[0-9a-f]{32}-\d+w\.(webp|jpg)", name), name
    # The same width of the two photos shares nothing but its label.
    first_480, second_480 = (
        Rendition.objects.get(photo=photo, format="jpeg", width=480).file.name.rsplit("/", 1)[1] for photo in (first, second))
    assert first_480[:32] != second_480[:32]


def test_a_live_articles_page_uses_plain_addresses(client, editor):
    article, photo = article_with_photo()
    workflow.publish(article, editor)

    addresses = image_addresses(client.get(article.get_absolute_url()).content.decode())

    assert addresses and all(SIGNED_PREFIX not in url for url in addresses)
    assert {r.file.url for r in photo.renditions.filter(kind="w")} <= set(addresses)


def test_a_drafts_preview_link_shows_only_signed_addresses_that_serve_the_picture(client):
    article, photo = article_with_photo()

    html = client.get(preview_url(article)).content.decode()
    addresses = image_addresses(html)

    assert addresses and all(SIGNED_PREFIX in url for url in addresses)
    assert not any(r.file.name.rsplit("/", 1)[1] in html for r in photo.renditions.all())
    response = client.get(next(url for url in addresses if url.startswith(SIGNED_PREFIX)))
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/webp", "image/jpeg")
    assert response["Cache-Control"].startswith("private, max-age=")
    body = b"".join(response.streaming_content)
    assert body[:4] == b"RIFF" or body[:2] == b"\xff\xd8"


def test_an_embargoed_articles_photo_is_signed_until_its_time_then_plain(client, editor):
    article, photo = article_with_photo()
    at = timezone.now() + datetime.timedelta(hours=2)
    workflow.publish(article, editor, at=at)

    preview = client.get(preview_url(article)).content.decode()
    assert all(SIGNED_PREFIX in url for url in image_addresses(preview))
    assert client.get(article.get_absolute_url()).status_code == 404

    from articles.models import Article
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    from pagecache.signals import content_changed
    content_changed.send(sender=Article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert all(SIGNED_PREFIX not in url for url in image_addresses(page))


def test_the_admin_shows_photos_by_signed_addresses(client, superuser):
    article, photo = article_with_photo()
    client.force_login(superuser)

    listing = client.get(reverse("admin:photos_photo_changelist")).content.decode()
    change = client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    for html in (listing, change):
        assert SIGNED_PREFIX in html
        assert not any(r.file.name.rsplit("/", 1)[1] in html for r in photo.renditions.all())


def test_a_signed_address_expires(client, settings):
    settings.PHOTO_SIGNED_URL_SECONDS = 3600
    photo = PhotoFactory()
    rendition = renditions.ensure_renditions(photo)[0]

    assert client.get(renditions.signed_url(rendition.pk)).status_code == 200
    expired = renditions.signed_url(rendition.pk, now=time.time() - 3 * 3600)
    assert client.get(expired).status_code == 404


@pytest.mark.parametrize("token", ["x", "eyJyIjoxLCJlIjo5OTk5OTk5OTk5fQ:1vAAAA:forged", "a" * 5000])
def test_a_forged_or_malformed_token_is_a_404(client, token):
    PhotoFactory()
    assert client.get(reverse("photos:signed_rendition", kwargs={"token": token})).status_code == 404


def test_a_token_for_one_rendition_cannot_be_turned_into_another(client):
    photo = PhotoFactory()
    first, second = renditions.ensure_renditions(photo)[:2]
    url = renditions.signed_url(first.pk)
    token = url[len(SIGNED_PREFIX):-1]
    payload, rest = token.split(":", 1)
    import base64
    import json
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["r"] = second.pk
    forged = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    assert client.get(f"{SIGNED_PREFIX}{forged}:{rest}/").status_code == 404


def test_migration_forgets_old_names_of_unshown_photos_and_keeps_live_ones(editor):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("photos.migrations.0005_forget_guessable_rendition_names")
    live, live_photo = article_with_photo()
    workflow.publish(live, editor)
    _draft, draft_photo = article_with_photo()
    kept = renditions.ensure_renditions(live_photo)
    gone = renditions.ensure_renditions(draft_photo)

    migration.forget_unshown_renditions(apps, None)

    assert [r.pk for r in live_photo.renditions.filter(kind="w").order_by("format", "width")] == [r.pk for r in kept]
    assert all(default_storage.exists(r.file.name) for r in kept)
    assert not Rendition.objects.filter(photo=draft_photo).exists()
    assert not any(default_storage.exists(r.file.name) for r in gone)
    assert Photo.objects.get(pk=draft_photo.pk).rendition_summary == {}
    assert Photo.objects.get(pk=live_photo.pk).rendition_summary != {}

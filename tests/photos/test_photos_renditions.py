"""Renditions: widths and formats, made once and reused, invalidated by a new image or focal
point, made once under concurrent first requests; the <picture> tag; the OpenGraph crop."""

import io
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from PIL import Image

from articles import workflow
from photos import renditions
from photos.models import Photo, Rendition
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.photos import image_bytes, upload


def rendition_files(photo) -> list[str]:
    directory = f"renditions/{photo.pk}"
    return sorted(default_storage.listdir(directory)[1]) if default_storage.exists(directory) else []


def two_halves(size=(1600, 600), left=(255, 0, 0), right=(0, 0, 255)) -> bytes:
    image = Image.new("RGB", size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_configured_widths_in_webp_and_jpeg_never_wider_than_the_photo(settings):
    settings.PHOTO_RENDITION_WIDTHS = [200, 400, 1600]
    photo = PhotoFactory(image=ContentFile(image_bytes("JPEG", size=(800, 600)), name="a.jpg"))

    made = renditions.ensure_renditions(photo)

    assert [(r.format, r.width, r.height) for r in made] == [
        ("jpeg", 200, 150), ("jpeg", 400, 300), ("jpeg", 800, 600),
        ("webp", 200, 150), ("webp", 400, 300), ("webp", 800, 600)]
    for rendition in made:
        with rendition.file.open("rb") as file:
            image = Image.open(file)
            assert (image.format, image.size) == (rendition.format.upper(), (rendition.width, rendition.height))
        assert rendition.size == rendition.file.size


@pytest.mark.django_db
def test_a_rendition_is_made_once_and_reused():
    photo = PhotoFactory()
    first = renditions.ensure_renditions(photo)
    files = rendition_files(photo)

    again = renditions.ensure_renditions(Photo.objects.get(pk=photo.pk))

    assert [r.pk for r in again] == [r.pk for r in first]
    assert Rendition.objects.filter(photo=photo).count() == 4
    assert rendition_files(photo) == files and len(files) == 4


@pytest.mark.django_db
def test_the_database_refuses_a_second_copy_of_one_rendition():
    photo = PhotoFactory()
    made = renditions.ensure_renditions(photo)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Rendition.objects.create(photo=photo, source=made.source, kind=made.kind, format=made.format,
                                 width=made.width, height=made.height, file=made.file.name)


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_make_each_rendition_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections: PostgreSQL (SQLite serialises writers itself)")
    photo = PhotoFactory()
    start = threading.Barrier(2)
    results, errors = [], []

    def first_request():
        try:
            start.wait()
            results.append([r.pk for r in renditions.ensure_renditions(Photo.objects.get(pk=photo.pk))])
        except Exception as error:  # reported below, the thread must not swallow it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert results[0] == results[1]
    assert Rendition.objects.filter(photo=photo).count() == 4
    assert len(rendition_files(photo)) == 4


@pytest.mark.django_db
def test_a_new_image_invalidates_the_old_renditions(client, superuser):
    client.force_login(superuser)
    photo = PhotoFactory(image=ContentFile(image_bytes("JPEG", size=(800, 600)), name="old.jpg"))
    old = renditions.ensure_renditions(photo)
    old_og = renditions.ensure_og(photo)
    old_files = [r.file.name for r in old] + [old_og.file.name]
    old_original = photo.image.name

    response = client.post(f"/admin/photos/photo/{photo.pk}/change/", {
        "image": upload(image_bytes("PNG", size=(1000, 500), color=(0, 128, 0)), name="new.png"),
        "alt_text": photo.alt_text, "caption": "", "credit": photo.credit, "focal_x": "0.5", "focal_y": "0.5"})

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1000, 500)
    assert not Rendition.objects.filter(pk__in=[r.pk for r in old] + [old_og.pk]).exists()
    assert not any(default_storage.exists(name) for name in old_files)
    assert not photo.image.storage.exists(old_original)
    assert sorted((r.format, r.width, r.height) for r in photo.renditions.all()) == [
        ("jpeg", 480, 240), ("jpeg", 960, 480), ("jpeg", 1000, 500),
        ("webp", 480, 240), ("webp", 960, 480), ("webp", 1000, 500)]
    with photo.renditions.get(format="jpeg", width=480).file.open("rb") as file:
        assert Image.open(file).convert("RGB").getpixel((10, 10))[1] > 100  # the new, green picture


@pytest.mark.django_db
def test_changing_the_focal_point_remakes_only_the_crop():
    photo = PhotoFactory(image=ContentFile(two_halves(), name="halves.png"))
    widths = renditions.ensure_renditions(photo)
    crop = renditions.ensure_og(photo)

    photo.focal_x = 0.0
    photo.save()

    assert not Rendition.objects.filter(pk=crop.pk).exists()
    assert not default_storage.exists(crop.file.name)
    assert Rendition.objects.filter(pk__in=[r.pk for r in widths]).count() == len(widths) == 6
    assert renditions.ensure_og(photo).pk != crop.pk


def test_focal_crop_box_keeps_the_focal_point_inside_the_picture():
    # 1600×600 is wider than 1200:630, so the crop is 1143×600 and slides sideways.
    assert renditions.focal_crop_box(1600, 600, 0.5, 0.5) == (228, 0, 1371, 600)
    assert renditions.focal_crop_box(1600, 600, 0.0, 0.5) == (0, 0, 1143, 600)
    assert renditions.focal_crop_box(1600, 600, 1.0, 0.5) == (457, 0, 1600, 600)
    assert renditions.focal_crop_box(1600, 600, 0.3, 0.5) == (0, 0, 1143, 600)
    # 800×1200 portrait: the crop is 800×420 and slides up and down.
    assert renditions.focal_crop_box(800, 1200, 0.5, 0.5) == (0, 390, 800, 810)
    assert renditions.focal_crop_box(800, 1200, 0.5, 0.1) == (0, 0, 800, 420)
    assert renditions.focal_crop_box(800, 1200, 0.5, 0.9) == (0, 780, 800, 1200)


@pytest.mark.django_db
@pytest.mark.parametrize("focal_x,expected", [(0.0, "red"), (1.0, "blue")])
def test_the_opengraph_image_is_1200_by_630_around_the_focal_point(focal_x, expected):
    photo = PhotoFactory(image=ContentFile(two_halves(), name="halves.png"), focal_x=focal_x)

    crop = renditions.ensure_og(photo)

    with crop.file.open("rb") as file:
        image = Image.open(file)
        image.load()
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    red, _, blue = image.getpixel((700, 315))  # x 667 of the picture from the left crop, 1124 from the right
    assert ("red" if red > blue else "blue") == expected


@pytest.mark.django_db
def test_og_image_url_is_the_absolute_url_of_the_first_photos_crop(settings, editor):
    settings.SITE_URL = "https://dongHoi.example"
    article = ArticleFactory(live=True)  # a draft's share image is signed (issue #13, item 7)
    ArticlePhotoFactory(article=article, after_paragraph=2)
    first = ArticlePhotoFactory(article=article, after_paragraph=0).photo

    url = renditions.og_image_url(article)

    crop = first.renditions.get(kind="og")
    assert url == "https://dongHoi.example" + crop.file.url
    assert url.endswith("-og.jpg")
    assert renditions.og_image_url(ArticleFactory()) == ""


@pytest.mark.django_db
def test_picture_tag_renders_webp_sources_and_a_jpeg_fallback():
    photo = PhotoFactory(image=ContentFile(image_bytes("JPEG", size=(1200, 900)), name="a.jpg"),
                         alt_text="Cầu Nhật Lệ \"mới\"")
    ArticlePhotoFactory(article=ArticleFactory(live=True), photo=photo)  # shown by a live article: plain addresses
    html = Template('{% load photos %}{% picture photo sizes="(max-width: 46rem) 100vw, 46rem" lazy=True %}'
                    ).render(Context({"photo": photo}))

    by = {(r.format, r.width): r.file.url for r in photo.renditions.all()}
    assert html.strip() == (
        '<picture><source type="image/webp" '
        f'srcset="{by["webp", 480]} 480w, {by["webp", 960]} 960w, {by["webp", 1200]} 1200w" '
        'sizes="(max-width: 46rem) 100vw, 46rem">'
        f'<img src="{by["jpeg", 960]}" srcset="{by["jpeg", 480]} 480w, {by["jpeg", 960]} 960w, {by["jpeg", 1200]} 1200w" '
        'sizes="(max-width: 46rem) 100vw, 46rem" width="1200" height="900" alt="Cầu Nhật Lệ &quot;mới&quot;" '
        'loading="lazy" decoding="async"></picture>')


@pytest.mark.django_db
def test_article_page_lazy_loads_every_photo_but_the_first(client, editor):
    article = ArticleFactory()
    ArticlePhotoFactory(article=article, after_paragraph=0)
    ArticlePhotoFactory(article=article, after_paragraph=1)
    workflow.publish(article, editor)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("<picture>") == 2
    assert html.count('loading="lazy"') == 1
    assert html.index("<picture>") < html.index('loading="lazy"') > html.rindex("<picture>")


@pytest.mark.django_db
def test_an_unreadable_photo_file_does_not_break_the_article_page(client, editor):
    article = ArticleFactory()
    slot = ArticlePhotoFactory(article=article, caption="Chú thích vẫn hiện")
    Photo.objects.filter(pk=slot.photo_id).update(image="photos/2026/11/khong-con.jpg")
    workflow.publish(article, editor)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<picture>" not in html
    assert "Chú thích vẫn hiện" in html


@pytest.mark.django_db
def test_an_animated_gif_is_shown_by_its_first_frame():
    frames = [Image.new("RGB", (600, 400), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    photo = PhotoFactory(image=ContentFile(buffer.getvalue(), name="anim.gif"))

    jpeg = next(r for r in renditions.ensure_renditions(photo) if r.format == "jpeg" and r.width == 600)

    with jpeg.file.open("rb") as file:
        red, green, blue = Image.open(file).convert("RGB").getpixel((300, 200))
    assert red > 200 and green < 60 and blue < 60


def test_remembered_picture_addresses_follow_a_changed_media_address(db, settings):
    """picture_sources remembers addresses by rendition names; a new MEDIA_URL is seen at once."""
    from tests.helpers.factories import PhotoFactory

    photo = PhotoFactory()
    renditions.ensure_renditions(photo)
    assert renditions.picture_sources(photo)["src"].startswith(settings.MEDIA_URL)
    settings.MEDIA_URL = "/kho-anh/"
    sources = renditions.picture_sources(photo)
    assert sources["src"].startswith("/kho-anh/") and "/kho-anh/" in sources["webp_srcset"]

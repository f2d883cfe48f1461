"""What the public gets: upright pictures with no GPS, EXIF or camera data; never the original."""

import io
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.static import serve
from PIL import Image

from articles import workflow
from photos.models import Photo
from photos.storage import NotPublic
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.photos import exif_jpeg, upload


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def served(url: str) -> bytes:
    """The bytes the media URL serves (Django's media view, as in development)."""
    path = urlparse(url).path
    assert path.startswith(settings.MEDIA_URL)
    response = serve(RequestFactory().get(path), path[len(settings.MEDIA_URL):], document_root=settings.MEDIA_ROOT)
    return b"".join(response.streaming_content)


def image_urls(html: str) -> list[str]:
    """Every address in the page's src and srcset attributes under MEDIA_URL."""
    import re

    urls = []
    for attribute in re.findall(r'(?:src|srcset)="([^"]+)"', html):
        for candidate in attribute.split(","):
            url = candidate.strip().split(" ")[0]
            if url.startswith(settings.MEDIA_URL):
                urls.append(url)
    return urls


@pytest.mark.django_db
def test_served_renditions_carry_no_gps_exif_or_camera_data(admin_client, editor):
    original = exif_jpeg(description="Bến cá Nhật Lệ", artist="Ngọc Minh")
    assert b"SuperPhone 15 Pro" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    admin_client.post("/admin/photos/photo/add/", {"image": upload(original), "alt_text": "Bến cá",
                                                   "focal_x": "0.5", "focal_y": "0.5"})
    photo = Photo.objects.get()
    article = ArticleFactory()
    ArticlePhotoFactory(article=article, photo=photo)
    workflow.publish(article, editor)

    page = admin_client.get(article.get_absolute_url())
    urls = set(image_urls(page.content.decode()))

    assert len(urls) == 4  # 480 and 800 wide, WebP and JPEG
    for url in urls:
        data = served(url)
        image = Image.open(io.BytesIO(data))
        assert image.format in ("WEBP", "JPEG")
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"SuperPhone" not in data and b"PhoneMaker" not in data and b"Exif\x00\x00" not in data


@pytest.mark.django_db
def test_the_original_is_kept_outside_media_and_has_no_public_url(admin_client):
    admin_client.post("/admin/photos/photo/add/", {"image": upload(exif_jpeg()), "focal_x": "0.5",
                                                   "focal_y": "0.5"})
    photo = Photo.objects.get()

    with pytest.raises(NotPublic):
        photo.image.url
    original_path = settings.PHOTO_ORIGINALS_ROOT / photo.image.name
    assert b"SuperPhone 15 Pro" in original_path.read_bytes()  # kept, for new renditions later
    media_files = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert len(media_files) == 4
    assert all(b"SuperPhone" not in path.read_bytes() for path in media_files)


@pytest.mark.django_db
def test_exif_orientation_is_applied_so_a_portrait_photo_stands_upright(admin_client):
    # Stored 800×600 landscape with orientation 6: the camera was turned, the picture is
    # 600×800 portrait and the stored top edge (painted blue) belongs on the right.
    data = exif_jpeg(size=(800, 600), orientation=6, color=(220, 220, 220), top_color=(0, 0, 255))
    admin_client.post("/admin/photos/photo/add/", {"image": upload(data), "focal_x": "0.5", "focal_y": "0.5"})
    photo = Photo.objects.get()

    assert (photo.width, photo.height) == (600, 800)
    largest_jpeg = photo.renditions.get(format="jpeg", width=600)
    assert (largest_jpeg.width, largest_jpeg.height) == (600, 800)
    with largest_jpeg.file.open("rb") as file:
        image = Image.open(file)
        image.load()
    right, left = image.getpixel((595, 400)), image.getpixel((5, 400))
    assert right[2] > 200 and right[0] < 60  # blue
    assert left[0] > 180 and left[2] > 180  # light grey
    assert image.getexif().get(0x0112) is None  # and no orientation left to apply twice

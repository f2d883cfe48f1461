"""The S3 path: originals and renditions in S3-compatible object storage (moto's server
mode, started here on 127.0.0.1 at a free port), and an article page that survives S3 being down."""

import io
import json
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config
from PIL import Image

from articles import workflow
from newsroom.settings import media_storages
from photos.models import Photo
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.photos import exif_jpeg, upload

moto_server = pytest.importorskip("moto.server")

BUCKET = "newsroom-media"
# The bucket policy in README.md, "Object storage": anyone may read media/ (renditions), nobody private/.
PUBLIC_RENDITIONS_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/media/*"}]})
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_S3_REGION_NAME": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """MEDIA_STORAGE=s3 against the local server, as settings.py builds it from the environment."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="testing",
                          aws_secret_access_key="testing", region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=PUBLIC_RENDITIONS_POLICY)
    settings.STORAGES = {**settings.STORAGES, **media_storages({
        "MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint,
        **CREDENTIALS})}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.mark.django_db
def test_upload_stores_the_original_privately_and_serves_renditions_from_s3(s3, client, superuser, s3_endpoint):
    client.force_login(superuser)
    response = client.post("/admin/photos/photo/add/", {
        "image": upload(exif_jpeg(size=(800, 600))), "alt_text": "Biển Nhật Lệ", "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 302
    photo = Photo.objects.get()

    stored = keys(s3)
    assert stored == sorted([f"private/originals/{photo.image.name}"]
                            + [f"media/{r.file.name}" for r in photo.renditions.all()])
    assert len(stored) == 5
    for rendition in photo.renditions.all():
        url = rendition.file.url
        assert url.startswith(f"{s3_endpoint}/{BUCKET}/media/renditions/") and "Signature" not in url
        with urllib.request.urlopen(url, timeout=10) as served:  # noqa: S310 - 127.0.0.1 only
            data = served.read()
        assert data == s3.get_object(Bucket=BUCKET, Key=f"media/{rendition.file.name}")["Body"].read()
        image = Image.open(io.BytesIO(data))
        assert (image.size, image.format) == ((rendition.width, rendition.height), rendition.format.upper())
        assert dict(image.getexif()) == {} and b"SuperPhone" not in data
    # The original, with its GPS position, is not readable without credentials.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/private/originals/{photo.image.name}", timeout=10)  # noqa: S310
    assert refused.value.code == 403


@pytest.mark.django_db
def test_article_page_renders_without_the_photo_when_s3_is_down(settings, s3, client, editor):
    article = ArticleFactory()
    ArticlePhotoFactory(article=article, caption="Ảnh sẽ không tải được")  # the original goes to S3
    workflow.publish(article, editor)
    # Now the storage is unreachable: a closed port, one attempt, short timeouts.
    settings.STORAGES = {**settings.STORAGES, **media_storages({
        "MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
        **CREDENTIALS})}
    down = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1, "mode": "standard"})
    for alias in ("default", "photo_originals"):
        settings.STORAGES[alias]["OPTIONS"]["client_config"] = down

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ảnh sẽ không tải được" in html and "<picture>" not in html

"""Photo.content_hash: the sha256 of each original's bytes, so that uploading the same
file again reuses the photo (photos/uploads.py). Existing photos are hashed here,
in batches of BATCH rows (one UPDATE per batch), reading each original from its
storage; a photo whose original cannot be read keeps an empty hash (it is then
never matched, and gets one when its image is replaced).
"""

import hashlib
import logging

from django.db import migrations, models

BATCH = 200

logger = logging.getLogger(__name__)


def _read_errors() -> tuple[type[Exception], ...]:
    """A missing file or an unreachable storage (filesystem, S3)."""
    errors: list[type[Exception]] = [OSError, ValueError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


def _sha256(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        for chunk in iter(lambda: field_file.read(1024 * 1024), b""):
            digest.update(chunk)
    finally:
        field_file.close()
    return digest.hexdigest()


def fill_content_hashes(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    errors, last = _read_errors(), 0
    while True:
        batch = list(Photo.objects.filter(pk__gt=last, content_hash="").order_by("pk").only("pk", "image")[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        hashed = []
        for photo in batch:
            if not photo.image:
                continue
            try:
                photo.content_hash = _sha256(photo.image)
            except errors:
                logger.warning("Original of photo %s unreadable: no content hash", photo.pk)
                continue
            hashed.append(photo)
        Photo.objects.bulk_update(hashed, ["content_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("photos", "0006_remove_articlephoto_after_paragraph"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="content_hash",
            field=models.CharField(blank=True, db_index=True, default="", editable=False, max_length=64,
                                   verbose_name="mã băm nội dung (sha256)"),
        ),
        migrations.RunPython(fill_content_hashes, migrations.RunPython.noop, elidable=True),
    ]

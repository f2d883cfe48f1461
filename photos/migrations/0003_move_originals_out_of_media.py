"""Move originals uploaded before 0002 out of the public media storage into the private one."""

from django.core.files.storage import default_storage
from django.db import migrations


def move_originals(apps, schema_editor):
    from photos.storage import originals_storage

    Photo = apps.get_model("photos", "Photo")
    for name in Photo.objects.exclude(image="").values_list("image", flat=True).iterator():
        if originals_storage.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as file:
            saved = originals_storage.save(name, file)
        if saved != name:
            Photo.objects.filter(image=name).update(image=saved)
        default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ("photos", "0002_renditions_private_originals_focal"),
    ]

    operations = [
        migrations.RunPython(move_originals, migrations.RunPython.noop),
    ]

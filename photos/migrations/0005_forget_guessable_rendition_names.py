"""Renditions were named after the photo id and a hash of the upload path, which
can be guessed. New ones get random names (photos/renditions.py). Here the old
renditions of every photo that no live article shows are deleted, rows and
files, and the photo's summary with them: they are made again, with random
names, the next time they are shown. Renditions of photos on live pages keep
their addresses (they were public already, and pages and caches link them).
"""

from django.core.files.storage import default_storage
from django.db import migrations
from django.utils import timezone

# The statuses in which an article can be live (articles.models.LIVE_STATUSES, as
# it was when this migration was written: migrations must not follow later changes).
LIVE_STATUSES = ("published", "scheduled")


def forget_unshown_renditions(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    ArticlePhoto = apps.get_model("photos", "ArticlePhoto")
    Rendition = apps.get_model("photos", "Rendition")
    shown = ArticlePhoto.objects.filter(article__status__in=LIVE_STATUSES, article__publish_at__lte=timezone.now(),
                                        article__deleted_at__isnull=True).values("photo_id")
    unshown = Photo.objects.exclude(pk__in=shown)
    for rendition in Rendition.objects.filter(photo__in=unshown).only("pk", "file").iterator():
        if rendition.file:
            default_storage.delete(rendition.file.name)
        rendition.delete()
    unshown.update(rendition_summary={})


class Migration(migrations.Migration):

    dependencies = [
        ("photos", "0004_add_rendition_summary"),
        ("articles", "0008_tagged_article_tag_newest"),
    ]

    operations = [
        migrations.RunPython(forget_unshown_renditions, migrations.RunPython.noop, elidable=True),
    ]

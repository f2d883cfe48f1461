"""Trash (soft delete) for articles, and the admin's "delete" (= move to trash) for the newsroom groups.

What each role may put in the trash is decided by articles/workflow.py; the
model permission only lets the admin offer the delete button and action.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TRASH_GROUPS = ["Reporter", "Editor", "Chief editor"]


def grant_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="articles", codename="delete_article").first()
    if permission is None:  # permissions not created yet (a database migrated without 0003's step)
        return
    for group in Group.objects.filter(name__in=TRASH_GROUPS):
        group.permissions.add(permission)


def revoke_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="articles", codename="delete_article").first()
    if permission is not None:
        for group in Group.objects.filter(name__in=TRASH_GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_merge_20261128_0644'),
        ('articles', '0003_create_newsroom_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='deleted_at',
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='chuyển vào thùng rác lúc'),
        ),
        migrations.AddField(
            model_name='article',
            name='deleted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles_trashed', to=settings.AUTH_USER_MODEL, verbose_name='người chuyển vào thùng rác'),
        ),
        migrations.RunPython(grant_delete, revoke_delete),
    ]

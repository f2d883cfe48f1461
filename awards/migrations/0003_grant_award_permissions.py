"""Give the editors their awards permissions.

Editors and chief editors keep the awards records: add, change, make public,
import, export, confirm suggestions. Reporters have none (awards are confirmed
by editors); deleting stays with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["award", "recipient", "awardrecipient", "awardform"]
EDITOR = [f"{action}_{model}" for action in ("view", "add", "change") for model in MODELS]
GROUPS = {"Editor": EDITOR, "Chief editor": EDITOR}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("awards")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="awards", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="awards"))


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0002_seed_award_forms"),
        ("articles", "0003_create_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

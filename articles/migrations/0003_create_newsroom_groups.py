"""Groups Reporter, Editor and Chief editor with their model permissions.

Model permissions let a member into the admin pages; what each role may do to
an article beyond that (whose articles, in which state, which transition) is
decided by articles/workflow.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.add_articleauthor", "articles.change_articleauthor", "articles.delete_articleauthor",
    "articles.view_articleauthor",
    "articles.view_section", "articles.view_tag", "articles.view_transition", "articles.view_revision",
    "photos.add_photo", "photos.change_photo", "photos.view_photo",
    "photos.add_articlephoto", "photos.change_articlephoto", "photos.delete_articlephoto",
    "photos.view_articlephoto",
    "authors.view_author",
]
EDITOR = REPORTER + [
    "articles.add_tag", "articles.change_tag",
    "articles.add_correctionnote", "articles.change_correctionnote", "articles.view_correctionnote",
    "authors.add_author", "authors.change_author",
]
CHIEF_EDITOR = EDITOR + [
    "articles.add_section", "articles.change_section",
]
GROUPS = {"Reporter": REPORTER, "Editor": EDITOR, "Chief editor": CHIEF_EDITOR}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so that the groups can hold them on a fresh database.
    for app_label in ("articles", "photos", "authors"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_add_workflow_models"),
        ("photos", "0001_initial"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

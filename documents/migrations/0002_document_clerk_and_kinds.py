"""The group "Document clerk" (Văn thư), the documents permissions of the managing roles,
and the seeded list of document kinds.

Model permissions let a member into the admin pages; who may publish, withdraw and
moderate is decided by documents/workflow.py (can_manage). Reporters get nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["document", "documentfile", "documentrelation", "documentkind", "issuingbody", "sector",
          "consultation", "consultationpart", "comment", "documenttransition"]
MANAGE = ([f"{action}_{model}" for action in ("view", "add", "change") for model in MODELS]
          + ["delete_documentfile", "delete_documentrelation", "delete_consultationpart"])
GROUPS = {"Editor": MANAGE, "Chief editor": MANAGE, "Document clerk": MANAGE}

KINDS = [
    # name, accepts comments (a draft)
    ("Luật", False), ("Nghị định", False), ("Thông tư", False), ("Nghị quyết", False), ("Quyết định", False),
    ("Chỉ thị", False), ("Kế hoạch", False), ("Thông báo", False), ("Công văn", False), ("Báo cáo", False),
    ("Dự thảo", True),
]
SLUGS = {"Luật": "luat", "Nghị định": "nghi-dinh", "Thông tư": "thong-tu", "Nghị quyết": "nghi-quyet",
         "Quyết định": "quyet-dinh", "Chỉ thị": "chi-thi", "Kế hoạch": "ke-hoach", "Thông báo": "thong-bao",
         "Công văn": "cong-van", "Báo cáo": "bao-cao", "Dự thảo": "du-thao"}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("documents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="documents", codename__in=codenames))
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for order, (name, accepts_comments) in enumerate(KINDS):
        DocumentKind.objects.get_or_create(name=name, defaults={"slug": SLUGS[name], "order": order,
                                                                "accepts_comments": accepts_comments})


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=["Editor", "Chief editor"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="documents"))
    Group.objects.filter(name="Document clerk").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_initial"),
        ("articles", "0003_create_newsroom_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

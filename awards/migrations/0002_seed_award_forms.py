"""Seed the managed list of award forms (hình thức khen thưởng); editors add more in the admin."""

from django.db import migrations

FORMS = [
    ("Giấy khen", "giay-khen"),
    ("Bằng khen", "bang-khen"),
    ("Cờ thi đua", "co-thi-dua"),
    ("Chiến sĩ thi đua", "chien-si-thi-dua"),
    ("Huân chương", "huan-chuong"),
    ("Huy chương", "huy-chuong"),
    ("Kỷ niệm chương", "ky-niem-chuong"),
    ("Danh hiệu", "danh-hieu"),
    ("Giấy chứng nhận", "giay-chung-nhan"),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    for order, (name, slug) in enumerate(FORMS, start=1):
        AwardForm.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10})


def unseed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardForm.objects.filter(slug__in=[slug for _name, slug in FORMS], awards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

"""The Accountant group (Kế toán), and a default grading table and unit value.

What each group may do in royalties is decided by royalties/rules.py (the admin
asks it), so the group holds no model permissions: it only has to exist.

The default figures are demo data for the newsroom to edit in the admin, not
legal advice:
- the genres follow the press genres of Nghị định 18/2014/NĐ-CP; each row's
  "decree cap" is the figure the accountant should check against the decree's
  annex before use; the newsroom's ranges sit well under it;
- one coefficient unit is 10% of the base salary (mức lương cơ sở) of
  2,340,000 đ from 1 July 2024 (Nghị định 73/2024/NĐ-CP), i.e. 234,000 đ.
"""

import datetime
from decimal import Decimal

from django.db import migrations

ACCOUNTANT = "Accountant"
TABLE_NAME = "Bảng hệ số nhuận bút mặc định (dữ liệu mẫu, cần sửa theo quy định của đơn vị)"
STARTS_ON = datetime.date(2024, 7, 1)
# genre, name, min, max, decree cap, default without photo, default with photo
ROWS = [
    ("tin", "Tin", "1.00", "2.00", "10.00", "1.00", "1.50"),
    ("tin-anh", "Tin ảnh", "1.50", "3.00", "10.00", "2.00", "2.00"),
    ("phan-anh", "Bài phản ánh", "2.00", "5.00", "20.00", "3.00", "3.50"),
    ("phong-su", "Phóng sự", "4.00", "10.00", "30.00", "5.00", "6.00"),
    ("phong-van", "Phỏng vấn", "2.00", "6.00", "15.00", "3.00", "3.50"),
    ("binh-luan", "Bình luận", "3.00", "8.00", "30.00", "4.00", "4.00"),
    ("anh", "Ảnh", "1.00", "3.00", "10.00", "1.00", "1.00"),
    ("video", "Video", "3.00", "10.00", "30.00", "4.00", "4.00"),
]
UNIT_VALUE = Decimal("234000")
UNIT_BASIS = "10% mức lương cơ sở 2.340.000 đ từ 01/7/2024 (Nghị định 73/2024/NĐ-CP) – dữ liệu mẫu"


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ACCOUNTANT)
    GradingTable = apps.get_model("royalties", "GradingTable")
    GradingRow = apps.get_model("royalties", "GradingRow")
    UnitValue = apps.get_model("royalties", "UnitValue")
    table, created = GradingTable.objects.get_or_create(
        starts_on=STARTS_ON, defaults={"name": TABLE_NAME, "photo_share_percent": Decimal("30.00"),
                                       "note": "Dữ liệu mẫu: trưởng ban sửa trong trang quản trị."})
    if created:
        GradingRow.objects.bulk_create([
            GradingRow(table=table, genre=genre, name=name, min_coefficient=Decimal(low), max_coefficient=Decimal(high),
                       decree_cap=Decimal(cap), default_without_photo=Decimal(plain),
                       default_with_photo=Decimal(photo), order=order)
            for order, (genre, name, low, high, cap, plain, photo) in enumerate(ROWS)])
    UnitValue.objects.get_or_create(starts_on=STARTS_ON, defaults={"amount": UNIT_VALUE, "basis": UNIT_BASIS})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ACCOUNTANT).delete()
    # The seeded table goes only if no record was graded with it (rows are PROTECTed).
    (apps.get_model("royalties", "GradingTable").objects.filter(starts_on=STARTS_ON, name=TABLE_NAME)
     .exclude(rows__records__isnull=False).delete())


class Migration(migrations.Migration):

    dependencies = [
        ("royalties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

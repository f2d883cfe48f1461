"""The royalties admin pages through Django's test client, in Vietnamese."""

import datetime
import io

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from royalties import rules
from royalties.models import AuditLog, GradingTable, RecordStatus, RoyaltyRecord


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


@pytest.fixture
def article(make_article, make_author, make_photo):
    return make_article(authors=[make_author("Trần Thị Lan"), make_author("Lê Minh")],
                        photos=[(make_photo(), "")], title="Đồng Hới ra quân dọn vệ sinh")


def test_an_editor_proposes_from_the_month_page_with_the_default_coefficient(client, editor, grading, article):
    client.force_login(editor)
    url = reverse("admin:royalties_pending") + "?month=2025-03"
    page = client.get(url).content.decode()
    assert "Chấm nhuận bút tháng 03/2025" in page
    assert "Đồng Hới ra quân dọn vệ sinh" in page and "Bài có ảnh" in page
    assert "Nguồn ảnh" not in page  # the photo has no credit: nothing to map

    response = client.post(url, {"article": article.pk, "grading_row": grading["tin"].pk, "coefficient": ""},
                           follow=True)
    assert "Đã đề xuất nhuận bút cho bài “Đồng Hới ra quân dọn vệ sinh”." in response.content.decode()
    record = RoyaltyRecord.objects.get(article=article)
    assert (str(record.coefficient), record.has_photos, record.proposed_by) == ("1.50", True, editor)
    assert "Không còn bài nào trong tháng này chưa chấm nhuận bút." in client.get(url).content.decode()


def test_a_wrong_coefficient_from_the_page_is_explained_and_nothing_is_written(client, editor, grading, article):
    client.force_login(editor)
    response = client.post(reverse("admin:royalties_pending") + "?month=2025-03",
                           {"article": article.pk, "grading_row": grading["tin"].pk, "coefficient": "3"}, follow=True)
    assert "Hệ số 3.00 nằm ngoài khung 1.00–2.00 của thể loại “Tin”." in response.content.decode()
    assert not RoyaltyRecord.objects.exists()


def test_shares_not_summing_to_100_from_the_record_page_are_refused(client, editor, grading, article):
    record = rules.propose(article=article, user=editor, grading_row=grading["tin"])
    shares = list(record.shares.order_by("pk"))
    client.force_login(editor)
    data = {"action": "shares", "shares-TOTAL_FORMS": "2", "shares-INITIAL_FORMS": "2", "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "1000"}
    for index, (share, percent) in enumerate(zip(shares, ["70", "20"])):
        data.update({f"shares-{index}-author": share.author_id, f"shares-{index}-role": "writer",
                     f"shares-{index}-percent": percent})
    response = client.post(reverse("admin:royalties_record", args=[record.pk]), data, follow=True)
    assert "Tổng tỷ lệ chia nhuận bút phải đúng 100%, hiện là 90.00%." in response.content.decode()
    assert [str(share.percent) for share in record.shares.order_by("pk")] == ["50.00", "50.00"]

    data["shares-1-percent"] = "30"
    client.post(reverse("admin:royalties_record", args=[record.pk]), data)
    assert [str(share.percent) for share in record.shares.order_by("pk")] == ["70.00", "30.00"]


def test_chief_editor_approves_and_the_accountant_pays_from_the_sheet(client, editor, chief_editor, accountant,
                                                                       grading, article):
    record = rules.propose(article=article, user=editor, grading_row=grading["tin"])
    client.force_login(chief_editor)
    changelist = client.get(reverse("admin:royalties_royaltyrecord_changelist")).content.decode()
    assert "Nhuận bút chờ tôi duyệt" in changelist and "Đồng Hới ra quân dọn vệ sinh" in changelist
    response = client.post(reverse("admin:royalties_record", args=[record.pk]), {"action": "approve"}, follow=True)
    assert "Đã duyệt nhuận bút." in response.content.decode()

    client.force_login(accountant)
    sheet = client.get(reverse("admin:royalties_sheet") + "?month=2025-03").content.decode()
    assert "Bảng thanh toán nhuận bút tháng 03/2025" in sheet
    assert "1.755.000 đ" in sheet and "3.510.000 đ" in sheet
    assert "Ba triệu năm trăm mười nghìn đồng" in sheet
    assert "Chưa chi trả" in sheet
    by_section = client.get(reverse("admin:royalties_sheet") + "?month=2025-03&by=section").content.decode()
    assert "An ninh – Trật tự" in by_section
    lan = record.shares.get(author__name="Trần Thị Lan").author
    one = client.get(reverse("admin:royalties_sheet") + f"?month=2025-03&author={lan.pk}").content.decode()
    assert "Chỉ tác giả Trần Thị Lan" in one and "Lê Minh" not in one

    response = client.post(reverse("admin:royalties_sheet") + "?month=2025-03", {"paid_on": "2025-04-03"},
                           follow=True)
    assert "Đã ghi nhận chi trả 1 dòng của tháng 03/2025." in response.content.decode()
    record.refresh_from_db()
    assert (record.status, record.paid_on, record.paid_by) == (RecordStatus.PAID, datetime.date(2025, 4, 3),
                                                               accountant)
    assert "Đánh dấu đã chi trả" not in client.get(reverse("admin:royalties_sheet") + "?month=2025-03").content.decode()


def test_the_xlsx_download_reads_back(client, editor, chief_editor, accountant, grading, article):
    rules.approve(record=rules.propose(article=article, user=editor, grading_row=grading["tin"], coefficient="1.50"),
                  user=chief_editor)
    client.force_login(accountant)
    response = client.get(reverse("admin:royalties_sheet_xlsx") + "?month=2025-03")
    assert response["Content-Disposition"] == 'attachment; filename="nhuan-but-2025-03.xlsx"'
    values = [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
              for cell in row if cell is not None]
    assert "Số tiền bằng chữ: Ba triệu năm trăm mười nghìn đồng." in values
    assert "Đồng Hới ra quân dọn vệ sinh" in values


def test_a_sheet_without_a_unit_value_says_so(client, accountant, grading):
    from royalties.models import UnitValue

    UnitValue.objects.all().delete()
    client.force_login(accountant)
    page = client.get(reverse("admin:royalties_sheet") + "?month=2025-03").content.decode()
    assert "Chưa có giá trị một đơn vị hệ số cho tháng 03/2025" in page
    response = client.get(reverse("admin:royalties_sheet_xlsx") + "?month=2025-03", follow=True)
    assert "Chưa có giá trị một đơn vị hệ số cho tháng 03/2025" in response.content.decode()


def test_a_bad_month_in_the_address_is_explained(client, accountant, grading):
    client.force_login(accountant)
    page = client.get(reverse("admin:royalties_sheet") + "?month=2025-3x").content.decode()
    assert "Tháng phải có dạng NNNN-TT, ví dụ 2025-03." in page


def test_the_accountant_panel_flags_lines_unpaid_60_days_after_publication(make_article, make_author, editor,
                                                                           chief_editor, accountant, reporter,
                                                                           grading):
    old = make_article(authors=[make_author("An")], title="Bài đăng lâu rồi",
                       published=timezone.now() - datetime.timedelta(days=61))
    fresh = make_article(authors=[make_author("Bình")], title="Bài mới đăng",
                         published=timezone.now() - datetime.timedelta(days=1))
    for article in (old, fresh):
        rules.approve(record=rules.propose(article=article, user=editor, grading_row=grading["tin"]),
                      user=chief_editor)

    template = Template("{% load royalties_admin %}{% royalties_panel %}")
    request = RequestFactory().get("/admin/")
    request.user = accountant
    html = template.render(Context({"request": request}))
    assert "Đã duyệt, chưa chi trả</a> (2)" in html
    assert "1 dòng quá 60 ngày sau khi đăng" in html
    assert html.count("quá hạn chi trả") == 1
    assert "Nhuận bút chờ tôi duyệt" not in html

    request.user = reporter
    assert template.render(Context({"request": request})).strip() == ""


def test_the_grading_table_is_edited_by_the_chief_editor_and_logged(client, chief_editor, grading):
    table = GradingTable.objects.get(starts_on=datetime.date(2025, 1, 1))
    client.force_login(chief_editor)
    url = reverse("admin:royalties_gradingtable_change", args=[table.pk])
    rows = list(table.rows.order_by("order", "pk"))
    data = {"name": "Bảng 2025 (sửa)", "starts_on": "2025-01-01", "pays_photos_separately": "on",
            "photo_share_percent": "30.00", "note": "", "rows-TOTAL_FORMS": str(len(rows)),
            "rows-INITIAL_FORMS": str(len(rows)), "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-id": row.pk, f"rows-{index}-table": table.pk, f"rows-{index}-order": row.order,
                     f"rows-{index}-genre": row.genre, f"rows-{index}-name": row.name,
                     f"rows-{index}-min_coefficient": row.min_coefficient,
                     f"rows-{index}-max_coefficient": row.max_coefficient, f"rows-{index}-decree_cap": row.decree_cap,
                     f"rows-{index}-default_without_photo": row.default_without_photo,
                     f"rows-{index}-default_with_photo": row.default_with_photo})
    # The "Ảnh" row (index 2) has a maximum above the decree's cap: refused until fixed.
    response = client.post(url, data)
    assert "Hệ số cao nhất (12.00) vượt mức trần theo nghị định (10.00)." in response.content.decode()
    assert GradingTable.objects.get(pk=table.pk).name == "Bảng 2025"

    data["rows-2-max_coefficient"] = "10.00"
    response = client.post(url, data)
    assert response.status_code == 302
    assert AuditLog.objects.filter(object_type="gradingtable", action="change", before__name="Bảng 2025",
                                   after__name="Bảng 2025 (sửa)").exists()
    assert AuditLog.objects.filter(object_type="gradingrow", object_id=rows[2].pk, after__max_coefficient="10.00",
                                   before__max_coefficient="12.00").exists()


def test_a_forged_article_id_is_a_404_not_an_error(client, editor, grading):
    client.force_login(editor)
    response = client.post(reverse("admin:royalties_pending") + "?month=2025-03",
                           {"article": "1 OR 1=1", "grading_row": grading["tin"].pk})
    assert response.status_code == 404
    assert not RoyaltyRecord.objects.exists()

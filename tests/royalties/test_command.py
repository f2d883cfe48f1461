"""`manage.py royalties_sheet`: the JSON contract, CSV without formulas, XLSX read back."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from royalties import rules
from royalties.models import UnitValue


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


@pytest.fixture
def march(grading, make_article, make_author, make_photo, editor, chief_editor):
    """March 2025: a co-written news piece (1.50) and a report with a photo (6.00);
    one proposal not yet approved; an article of April."""
    lan, minh, photographer = make_author("Trần Thị Lan"), make_author("Lê Minh"), make_author("Ngọc Minh")
    news = make_article(authors=[lan, minh], title="=HYPERLINK(\"http://x\")Tin Đồng Hới", published=local(2025, 3, 5))
    report = make_article(authors=[lan], photos=[(make_photo("Ảnh: Ngọc Minh"), "")], title="Phóng sự mùa lũ",
                          published=local(2025, 3, 31, 23))
    pending = make_article(authors=[minh], title="Chưa duyệt", published=local(2025, 3, 12))
    april = make_article(authors=[minh], title="Tháng tư", published=local(2025, 4, 1, 0))
    for article, row, coefficient in [(news, "tin", "1.50"), (report, "phong-su", None), (april, "tin", None)]:
        record = rules.propose(article=article, user=editor, grading_row=grading[row], coefficient=coefficient)
        rules.approve(record=record, user=chief_editor)
    rules.propose(article=pending, user=editor, grading_row=grading["tin"])
    return {"news": news, "report": report, "lan": lan, "minh": minh, "photographer": photographer}


def test_json_is_the_contract_shape(march):
    out = io.StringIO()
    call_command("royalties_sheet", "--month", "2025-03", stdout=out)
    data = json.loads(out.getvalue())
    news, report = march["news"], march["report"]

    assert data == [
        {"author": "Lê Minh", "author_id": march["minh"].pk, "lines": [
            {"article_id": news.pk, "title": news.title, "published_at": "2025-03-05T09:00:00+07:00", "genre": "Tin",
             "role": "writer", "coefficient": "1.50", "share_percent": "50.00", "amount": 1755000}],
         "total": 1755000},
        {"author": "Ngọc Minh", "author_id": march["photographer"].pk, "lines": [
            {"article_id": report.pk, "title": "Phóng sự mùa lũ", "published_at": "2025-03-31T23:00:00+07:00",
             "genre": "Phóng sự", "role": "photo", "coefficient": "6.00", "share_percent": "30.00",
             "amount": 4212000}],
         "total": 4212000},
        {"author": "Trần Thị Lan", "author_id": march["lan"].pk, "lines": [
            {"article_id": news.pk, "title": news.title, "published_at": "2025-03-05T09:00:00+07:00", "genre": "Tin",
             "role": "writer", "coefficient": "1.50", "share_percent": "50.00", "amount": 1755000},
            {"article_id": report.pk, "title": "Phóng sự mùa lũ", "published_at": "2025-03-31T23:00:00+07:00",
             "genre": "Phóng sự", "role": "writer", "coefficient": "6.00", "share_percent": "70.00",
             "amount": 9828000}],
         "total": 11583000},
    ]
    for author in data:
        assert all(isinstance(line["amount"], int) for line in author["lines"])
        assert author["total"] == sum(line["amount"] for line in author["lines"])


def test_csv_neutralises_formulas(march, tmp_path):
    target = tmp_path / "sheet.csv"
    call_command("royalties_sheet", "--month", "2025-03", "--format", "csv", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))

    assert rows[0][:4] == ["STT", "Tác giả", "Mã bài", "Tiêu đề bài"]
    titles = [row[3] for row in rows[1:-1]]
    assert "'=HYPERLINK(\"http://x\")Tin Đồng Hới" in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[-1][1] == "Tổng cộng" and rows[-1][10] == str(1755000 + 4212000 + 11583000)


def test_xlsx_reads_back_with_headers_totals_words_and_signatures(march, tmp_path):
    target = tmp_path / "sheet.xlsx"
    call_command("royalties_sheet", "--month", "2025-03", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    texts = [str(cell) for row in values for cell in row if cell is not None]

    assert values[1][0] == "BẢNG THANH TOÁN NHUẬN BÚT THÁNG 03/2025"
    assert list(values[3]) == ["STT", "Tác giả", "Mã bài", "Tiêu đề bài", "Chuyên mục", "Ngày đăng", "Thể loại",
                               "Vai trò", "Hệ số", "Tỷ lệ (%)", "Thành tiền (đồng)", "Ghi chú"]
    total_row = next(row for row in values if row[1] == "Tổng cộng")
    assert total_row[10] == 17550000
    assert "Số tiền bằng chữ: Mười bảy triệu năm trăm năm mươi nghìn đồng." in texts
    assert {"NGƯỜI LẬP", "KẾ TOÁN", "THỦ TRƯỞNG ĐƠN VỊ"} <= set(texts)
    lines = [row for row in values[4:] if isinstance(row[0], int)]
    assert [(row[1], row[7], row[10]) for row in lines] == [
        ("Lê Minh", "Viết bài", 1755000), ("Ngọc Minh", "Ảnh", 4212000), ("Trần Thị Lan", "Viết bài", 1755000),
        ("Trần Thị Lan", "Viết bài", 9828000)]
    assert sheet.cell(row=5, column=4).data_type == "s"  # the "=HYPERLINK" title is text, not a formula
    subtotals = [row[10] for row in values if isinstance(row[1], str) and row[1].startswith("Cộng: ")]
    assert subtotals == [1755000, 4212000, 11583000]


@pytest.mark.parametrize("arguments, message", [
    (["--month", "2025-13"], "Tháng phải có dạng NNNN-TT"),
    (["--month", "03/2025"], "Tháng phải có dạng NNNN-TT"),
    (["--month", "2025-03", "--format", "xlsx"], "Định dạng xlsx cần --output"),
])
def test_bad_input_is_a_vietnamese_error(grading, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("royalties_sheet", *arguments, stdout=io.StringIO())
    assert message in str(error.value)


def test_a_month_with_no_unit_value_is_refused(grading):
    UnitValue.objects.all().delete()
    with pytest.raises(CommandError) as error:
        call_command("royalties_sheet", "--month", "2025-03", stdout=io.StringIO())
    assert "Chưa có giá trị một đơn vị hệ số cho tháng 03/2025" in str(error.value)


def test_an_empty_month_is_an_empty_list(grading):
    out = io.StringIO()
    call_command("royalties_sheet", "--month", "2025-02", stdout=out)
    assert json.loads(out.getvalue()) == []

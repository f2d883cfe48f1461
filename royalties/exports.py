"""A month's sheet as CSV and XLSX (openpyxl), with Vietnamese headers, ready to sign."""

import csv
import datetime
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from newsroom.spreadsheets import neutralise_cell

from . import rules, selectors
from .words import amount_in_words



def headers() -> list[str]:
    return [_("STT"), _("Tác giả"), _("Mã bài"), _("Tiêu đề bài"), _("Chuyên mục"), _("Ngày đăng"), _("Thể loại"),
            _("Vai trò"), _("Hệ số"), _("Tỷ lệ (%)"), _("Thành tiền (đồng)"), _("Ghi chú")]


def _note(line: selectors.SheetLine) -> str:
    notes = []
    if line.is_adjustment_only:
        notes.append(_("Điều chỉnh cho bài đăng tháng %(month)s")
                     % {"month": rules.month_label(rules.month_of(rules.publication_day(line.article)))})
    notes += line.reasons
    if line.record.flagged:
        notes.append(line.record.flag_reason)
    return "; ".join(notes)


def rows(month: datetime.date) -> list[list]:
    """One row per line, in sheet order, with the plain values (numbers as numbers)."""
    result = []
    for number, line in enumerate(selectors.sheet_lines(month), start=1):
        result.append([
            number, line.author.name, line.article.pk, line.article.title,
            line.article.section.name if line.article.section_id else "",
            timezone.localtime(line.article.publish_at).strftime("%d/%m/%Y"), line.record.genre, line.role_label,
            line.coefficient, line.share_percent, line.amount, _note(line),
        ])
    return result




def sheet_csv(month: datetime.date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    data = rows(month)
    for row in data:
        writer.writerow([neutralise_cell(cell) for cell in row])
    total = sum(row[10] for row in data)
    writer.writerow([neutralise_cell(cell) for cell in ["", _("Tổng cộng"), "", "", "", "", "", "", "", "", total, ""]])
    return buffer.getvalue()


def sheet_xlsx(month: datetime.date) -> bytes:
    """The month's sheet as an .xlsx file: title, lines, per-author subtotals, total, total in words, signatures."""
    month = rules.month_of(month)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Nhuan but {month:%m-%Y}"
    bold = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    columns = len(headers())

    sheet.append([settings.SITE_NAME])
    sheet.append([_("BẢNG THANH TOÁN NHUẬN BÚT THÁNG %(month)s") % {"month": rules.month_label(month)}])
    sheet["A2"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append(headers())
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.border = bold, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    total = 0
    for group in selectors.sheet_by_author(month):
        for line in group.lines:
            number = sheet.max_row - header_row + 1
            sheet.append([
                number, line.author.name, line.article.pk, line.article.title,
                line.article.section.name if line.article.section_id else "",
                timezone.localtime(line.article.publish_at).date(), line.record.genre, line.role_label,
                float(line.coefficient), float(line.share_percent), line.amount, _note(line),
            ])
            row = sheet.max_row
            for cell in sheet[row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a title such as "=HYPERLINK(…)" stays text, never a formula
            sheet.cell(row=row, column=6).number_format = "DD/MM/YYYY"
            sheet.cell(row=row, column=9).number_format = "0.00"
            sheet.cell(row=row, column=10).number_format = "0.00"
            sheet.cell(row=row, column=11).number_format = "#,##0"
            for cell in sheet[row]:
                cell.border = border
        sheet.append(["", _("Cộng: %(name)s") % {"name": group.author.name}, "", "", "", "", "", "", "", "",
                      group.total, ""])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = Font(italic=True), border
        sheet.cell(row=sheet.max_row, column=11).number_format = "#,##0"
        total += group.total

    sheet.append(["", _("Tổng cộng"), "", "", "", "", "", "", "", "", total, ""])
    total_row = sheet.max_row
    for cell in sheet[total_row]:
        cell.font, cell.border = bold, border
    sheet.cell(row=total_row, column=11).number_format = "#,##0"
    sheet.append([_("Số tiền bằng chữ: %(words)s.") % {"words": amount_in_words(total)}])
    sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    sheet.append([])
    today = timezone.localdate()
    sheet.append([""] * 9 + [_("Ngày %(d)s tháng %(m)s năm %(y)s") % {"d": today.day, "m": today.month,
                                                                      "y": today.year}])
    sheet.append([_("NGƯỜI LẬP"), "", "", _("KẾ TOÁN"), "", "", "", "", "", _("THỦ TRƯỞNG ĐƠN VỊ")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append([_("(Ký, ghi rõ họ tên)"), "", "", _("(Ký, ghi rõ họ tên)"), "", "", "", "", "",
                  _("(Ký, ghi rõ họ tên, đóng dấu)")])

    for index, width in enumerate([6, 24, 8, 50, 18, 12, 14, 10, 8, 10, 16, 40], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

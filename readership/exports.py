"""A statistics table as CSV or XLSX (openpyxl), headers in Vietnamese.

CSV cells that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) get a leading apostrophe; numbers stay numbers.
"""

import csv
import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from newsroom.spreadsheets import neutralise_cell

from .statistics import Period, Table



def neutralise(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (negative numbers stay numbers)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralise_cell(value)


def filename(table: Table, period: Period, extension: str) -> str:
    return f"thong-ke-{table.name.replace('_', '-')}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in table.headers])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    # With a BOM, Excel opens the Vietnamese text as UTF-8.
    return "\ufeff" + buffer.getvalue()


def table_xlsx(table: Table, period: Period, scope_label: str) -> bytes:
    """The table on one sheet: a title line, the range and scope, the headers, the rows (typed cells)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Từ %(start)s đến %(end)s") % {"start": f"{period.start:%d/%m/%Y}",
                                                   "end": f"{period.end:%d/%m/%Y}"}, scope_label])
    sheet.append(list(table.headers))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            # openpyxl stores a string starting with "=" as a formula: keep it text.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, header in enumerate(table.headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(60, len(str(header)) + 4))
        for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

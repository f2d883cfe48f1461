"""Spreadsheets in and out: CSV files staff bring in, and cells exported that never run as formulas.

Reading (the awards and documents imports): decode_csv() checks that a file is
UTF-8 text (not a binary .xlsx), csv_reader() reads it with the separator its
header uses (comma or semicolon, as Excel writes it in Vietnamese locales), and
parse_date() reads DD/MM/YYYY or YYYY-MM-DD; each raises BadSpreadsheet with a
Vietnamese reason.

Writing:

A cell starting with one of FORMULA_STARTS ("=HYPERLINK(...)", "+1+cmd|...",
"-2+3", "@SUM(...)", or a tab, carriage return or newline before one) is run
by Excel and LibreOffice as a formula (CSV injection). The OWASP rule: put a
single quote before it. Numbers stay numbers (a negative figure is not text).
The awards import takes exactly that quote off again (restore_cell), so an
export and import round trip is exact.
"""

import csv
import datetime
import decimal
import io
import re
from dataclasses import dataclass, field

from .text import normalize

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value) -> str:
    """The cell as exported. A text that already starts with quotes before such a
    character gets one more, so that restore_cell gives back exactly what was stored."""
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_cell(value: str) -> str:
    """The cell as imported: exactly the quote neutralise_cell added taken off; anything else as written."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


class BadSpreadsheet(ValueError):
    """The file or a cell cannot be read; the message says why, in Vietnamese."""


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def decode_csv(raw: bytes) -> str:
    """The file's text, NFC; a binary file (an .xlsx saved as is) or one not in UTF-8 is refused."""
    if raw[:4] == b"PK\x03\x04" or b"\x00" in raw:
        raise BadSpreadsheet("tệp nhị phân (có thể là .xlsx), không phải CSV: hãy lưu bảng tính dưới dạng CSV UTF-8")
    try:
        return normalize(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadSpreadsheet(f"tệp không phải UTF-8 (byte lỗi ở vị trí {exc.start}): hãy lưu dưới dạng CSV UTF-8") \
            from None


def csv_reader(text: str):
    """A csv.reader over the text, with the separator its header line uses (comma or semicolon)."""
    header_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=",;").delimiter
    except csv.Error:
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def data_rows(reader, report):
    """(physical line, cells) of each non-blank row after the header; a row the csv module
    cannot read is reported on `report` by its line and ends the reading."""
    next_line = reader.line_num + 1
    while True:
        line = next_line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.errors.append(RowError(line, f"không đọc được dòng ({exc})"))
            return
        next_line = reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield line, cells


def parse_date(text: str, label: str) -> datetime.date:
    """DD/MM/YYYY or YYYY-MM-DD; BadSpreadsheet naming `label` ("ngày ban hành") otherwise."""
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise BadSpreadsheet(f"{label} «{text}» không có thật") from None
    raise BadSpreadsheet(f"{label} «{text}» phải viết DD/MM/YYYY hoặc YYYY-MM-DD")


@dataclass
class RowError:
    """A refused row of an imported file: its physical line (the header is 1) and why."""

    line: int
    reason: str

    def __str__(self):
        return f"Dòng {self.line}: {self.reason}"


@dataclass
class ImportReport:
    """What an all-or-nothing import found; each import adds its own counts."""

    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


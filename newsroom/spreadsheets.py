"""Cells exported to CSV or XLSX that a spreadsheet program will never run as formulas.

A cell starting with one of FORMULA_STARTS ("=HYPERLINK(...)", "+1+cmd|...",
"-2+3", "@SUM(...)", or a tab, carriage return or newline before one) is run
by Excel and LibreOffice as a formula (CSV injection). The OWASP rule: put a
single quote before it. Numbers stay numbers (a negative figure is not text).
The awards import takes exactly that quote off again (restore_cell), so an
export and import round trip is exact.
"""

import decimal

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

"""python manage.py royalties_sheet --month YYYY-MM [--format json|csv|xlsx] [--output FILE]

The month's approved (and paid) lines, by the article's publication month;
the JSON shape is a contract (docs/royalties.md).
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from royalties import exports, rules, selectors


class Command(BaseCommand):
    help = "Bảng nhuận bút của một tháng (các dòng đã duyệt, theo tháng đăng bài): JSON, CSV hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="Tháng, dạng NNNN-TT, ví dụ 2025-03.")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json",
                            help="json (mặc định), csv hoặc xlsx.")
        parser.add_argument("--output", help="Ghi ra tệp này thay vì ra màn hình (bắt buộc với xlsx).")

    def handle(self, *args, month, format, output=None, **options):
        try:
            month = rules.parse_month(month)
            rules.require_unit_value_for_month(month)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if format == "xlsx" and not output:
            raise CommandError("Định dạng xlsx cần --output TỆP.")
        if format == "json":
            content = json.dumps(selectors.sheet_json(month), ensure_ascii=False, indent=2) + "\n"
        elif format == "csv":
            content = exports.sheet_csv(month)
        else:
            content = exports.sheet_xlsx(month)
        if not output:
            self.stdout.write(content, ending="")
            return
        try:
            path = Path(output)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                # utf-8-sig: spreadsheets open the CSV with its Vietnamese letters intact.
                path.write_text(content, encoding="utf-8-sig" if format == "csv" else "utf-8", newline="")
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror}.") from None

"""python manage.py export_awards [FILE]: the awards spreadsheet, in the import layout."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.importer import export_csv, export_rows
from awards.models import Award


class Command(BaseCommand):
    help = ("Xuất mọi quyết định khen thưởng có số quyết định ra CSV (UTF-8, dấu phẩy), cùng mẫu cột với "
            "import_awards. Không ghi FILE thì in ra màn hình.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", metavar="FILE")

    def handle(self, *args, file, **options):
        data = export_csv()
        skipped = Award.objects.filter(decision_number="").count()
        if skipped:
            self.stderr.write(f"Bỏ qua {skipped} khen thưởng chưa có số quyết định.")
        if not file:
            # Keep the BOM: redirected into a file, Excel then reads it as UTF-8.
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(file).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{file}: không ghi được tệp ({exc.strerror}).") from None
        rows = len(export_rows()) - 1
        self.stdout.write(f"Đã xuất {rows} dòng vào {file}.")

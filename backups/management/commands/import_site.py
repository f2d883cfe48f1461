"""python manage.py import_site DIR: restore an export_site folder into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.backup import BackupError, import_site


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu của export_site vào cơ sở dữ liệu trống (đã chạy migrate), "
            "kể cả tệp media.")

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Thư mục do export_site tạo ra.")

    def handle(self, *args, directory, **options):
        try:
            summary = import_site(Path(directory))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã khôi phục {sum(summary.rows.values())} bản ghi và {summary.media_files} tệp media "
                          f"từ {directory}.")

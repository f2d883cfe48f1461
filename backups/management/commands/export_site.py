"""python manage.py export_site DIR: the whole site (database content and media) into DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.backup import BackupError, export_site


class Command(BaseCommand):
    help = "Sao lưu toàn bộ trang (nội dung cơ sở dữ liệu và tệp media) vào một thư mục mới hoặc trống."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Thư mục đích (mới, hoặc đang trống).")

    def handle(self, *args, directory, **options):
        try:
            summary = export_site(Path(directory))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã sao lưu {sum(summary.rows.values())} bản ghi và {summary.media_files} tệp media "
                          f"vào {directory}.")

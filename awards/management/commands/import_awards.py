"""python manage.py import_awards FILE.csv [--public] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.importer import import_csv
from awards.models import Visibility


class Command(BaseCommand):
    help = ("Nhập khen thưởng từ tệp CSV theo mẫu cột (một dòng một người/tập thể được khen). "
            "Tệp có dòng lỗi thì không nhập gì.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument("--public", action="store_true",
                            help="Quyết định MỚI được đặt «Công khai» (mặc định: «Nội bộ»). Quyết định đã có giữ "
                                 "nguyên chế độ hiển thị.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra tệp, không ghi gì.")

    def handle(self, *args, file, public, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: không tìm thấy tệp.")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
        report = import_csv(raw, visibility=Visibility.PUBLIC if public else Visibility.INTERNAL, dry_run=dry_run)
        for note in report.notes:
            self.stdout.write(note)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"{path}: {report.summary()}", returncode=1)
        if dry_run:
            self.stdout.write(f"{path}: tệp hợp lệ, {report.rows} dòng (chạy thử, chưa ghi gì).")
        else:
            self.stdout.write(f"{path}: {report.summary()}")

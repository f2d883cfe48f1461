"""python manage.py import_documents FILE.csv [--files DIR] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.importer import import_csv


class Command(BaseCommand):
    help = ("Nhập sổ văn bản từ tệp CSV (một dòng một văn bản, tệp đính kèm theo tên trong thư mục --files). "
            "Tệp có dòng lỗi thì không nhập gì; nhập lại cùng tệp không tạo bản trùng. Các cột: docs/documents.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument("--files", metavar="DIR", help="Thư mục chứa các tệp văn bản ghi trong cột files.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra tệp, không ghi gì.")

    def handle(self, *args, file, files, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: không tìm thấy tệp.")
        files_dir = Path(files) if files else None
        if files_dir is not None and not files_dir.is_dir():
            raise CommandError(f"{files_dir}: không phải thư mục.")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
        report = import_csv(raw, files_dir=files_dir, dry_run=dry_run)
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

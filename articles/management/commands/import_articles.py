"""python manage.py import_articles PATH [PATH ...] [--dry-run] [--json] [--section SLUG] [--owner USERNAME]"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importer import BadExport, read_export, save_parsed
from articles.models import Section


class Command(BaseCommand):
    help = "Nhập bài từ các tệp văn bản xuất từ hệ thống cũ (mỗi tệp một bài, dạng bản nháp)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH",
                            help="Tệp .txt, hoặc thư mục (nhập mọi tệp .txt trong đó).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ phân tích, không ghi gì vào cơ sở dữ liệu.")
        parser.add_argument("--json", action="store_true", help="In kết quả phân tích của từng tệp dưới dạng JSON.")
        parser.add_argument("--section", metavar="SLUG", help="Xếp các bài mới nhập vào chuyên mục này.")
        parser.add_argument("--owner", metavar="USERNAME",
                            help="Tài khoản đứng tên người tạo các bài mới nhập (bài hiện trên bàn làm việc của "
                                 "người đó).")

    def handle(self, *args, paths, dry_run, json: bool, section, owner=None, **options):
        # Both checked before any file is read: a typo imports nothing.
        owner_user = self._owner(owner) if owner else None
        target_section = None
        if section:
            target_section = Section.objects.filter(slug=section).first()
            if target_section is None:
                raise CommandError(f"Không có chuyên mục với slug {section!r}.")

        parsed_files, failures = [], 0
        for path in self._expand(paths):
            try:
                parsed = read_export(path)
                if not dry_run:
                    article, created = save_parsed(parsed, section=target_section, owner=owner_user)
                    if not json:
                        verb = "đã tạo" if created else "đã cập nhật"
                        self.stdout.write(f"{path}: {verb} bài #{article.pk} «{article.title}»")
                elif not json:
                    self.stdout.write(f"{path}: đọc được «{parsed.title}» ({len(parsed.paragraphs)} đoạn, "
                                      f"{len(parsed.photos)} ảnh)")
                parsed_files.append(parsed.as_json())
            except BadExport as exc:
                failures += 1
                self.stderr.write(f"{path}: lỗi: {exc}")
        if json:
            self.stdout.write(_dumps(parsed_files))
        if failures:
            raise CommandError(f"{failures} tệp không nhập được.", returncode=1)

    @staticmethod
    def _owner(username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản với tên đăng nhập {username!r}: không nhập bài nào.")
        if not user.is_active:
            raise CommandError(f"Tài khoản {username!r} đã bị khóa: không nhập bài nào.")
        return user

    @staticmethod
    def _expand(paths: list[str]) -> list[Path]:
        files = []
        for raw in paths:
            path = Path(raw)
            files.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
        return files


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

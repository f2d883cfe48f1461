"""python manage.py suggest_awards [--json] PATH_OR_ARTICLE_ID [...]: suggested awards; writes nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importer import BadExport, read_export
from articles.models import Article
from awards.suggestions import Phrasings, suggest, suggest_for_article, texts_of_parsed, year_of_parsed


class Command(BaseCommand):
    help = ("Gợi ý khen thưởng từ nội dung bài: một tệp văn bản xuất từ hệ thống cũ, hoặc mã (#) một bài đã lưu. "
            "Không ghi gì vào cơ sở dữ liệu.")

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_ARTICLE_ID")
        parser.add_argument("--json", action="store_true",
                            help='In một danh sách JSON các {"form", "issuer", "recipient_kind", "reason", "year"}.')

    def handle(self, *args, sources, json: bool, **options):
        phrasings = Phrasings.load()
        found, failures = [], 0
        for source in sources:
            try:
                suggestions = self._suggest(source, phrasings)
            except (BadExport, LookupError) as exc:
                failures += 1
                self.stderr.write(f"{source}: lỗi: {exc}")
                continue
            found.extend(suggestions)
            if not json:
                self.stdout.write(f"{source}: {len(suggestions)} gợi ý")
                for s in suggestions:
                    self.stdout.write(f"  - {s.form} của {s.issuer}" + (f", năm {s.year}" if s.year else "")
                                      + (f": {s.reason}" if s.reason else ""))
        if json:
            self.stdout.write(_dumps([s.as_json() for s in found]))
        if failures:
            raise CommandError(f"{failures} nguồn không đọc được.", returncode=1)

    @staticmethod
    def _suggest(source: str, phrasings):
        path = Path(source)
        if source.isdigit() and not path.exists():
            article = Article.objects.prefetch_related("photo_slots").filter(pk=int(source)).first()
            if article is None:
                raise LookupError(f"không có bài viết #{source}")
            return suggest_for_article(article, phrasings)
        parsed = read_export(path)
        return suggest(texts_of_parsed(parsed), phrasings, default_year=year_of_parsed(parsed))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

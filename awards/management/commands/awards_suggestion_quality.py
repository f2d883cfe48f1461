"""python manage.py awards_suggestion_quality [--corpus FILE] [--misses]: precision and recall of suggestions."""

from django.core.management.base import BaseCommand

from awards.quality import DEFAULT_CORPUS, evaluate, load_corpus


class Command(BaseCommand):
    help = ("Đo gợi ý khen thưởng trên kho câu mẫu (awards/suggestion_corpus.json): độ chính xác (precision) và độ "
            "phủ (recall) theo từng kiểu câu. Không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), metavar="FILE")
        parser.add_argument("--misses", action="store_true", help="In cả các gợi ý thiếu và thừa.")

    def handle(self, *args, corpus, misses, **options):
        scores = evaluate(load_corpus(corpus))
        self.stdout.write(f"{'kiểu câu':<28} {'đúng':>5} {'gợi ý':>6} {'cần có':>6} {'precision':>10} {'recall':>7}")
        for family, score in sorted(scores.items(), key=lambda pair: (pair[0] == "total", pair[0])):
            self.stdout.write(f"{family:<28} {score.right:>5} {score.suggested:>6} {score.expected:>6} "
                              f"{score.precision:>10.2f} {score.recall:>7.2f}")
        if misses:
            for family, text, what in scores["total"].misses:
                self.stdout.write(f"- [{family}] {what}: {text}")

"""Search server time on the bench corpus: p50/p99 of /search/ with the page cache off, and the plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/search_times.py [--rounds 5]

Run by bench/run.py (its report includes the figures and the plan). Prints JSON.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"  # measure the search itself, not the page cache

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.search import ranking as search  # noqa: E402
from articles.models import Article  # noqa: E402

# Common words (in most of the corpus), rare ones, accents typed or not, several words.
QUERIES = ["công tác", "cong tac", "Đồng Hới", "dong hoi", "camera", "an toàn giao thông", "du lịch cộng đồng",
           "Phong Nha", "thiên tai", "hoà", "đường", "giáo dục pháp luật", "chuyển đổi số", "Bảo Ninh", "ANTT"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    client = Client()
    for query in QUERIES:  # warm the connection and the database's caches
        client.get("/search/", {"q": query})
    times = []
    for _ in range(args.rounds):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, query
    plan = ""
    if connection.vendor == "postgresql":
        words = search.query_words("dong hoi")
        candidates = (Article.objects.live().filter(search._matches(words)).order_by("-publish_at", "-pk")
                      .values_list("pk", flat=True)[:search.MAX_CANDIDATES])
        sql, params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    print(json.dumps({"requests": len(times), "p50_ms": round(statistics.median(times), 1),
                      "p99_ms": round(percentile(times, 0.99), 1), "max_ms": round(max(times), 1),
                      "articles": Article.objects.live().count(), "plan": plan}))


if __name__ == "__main__":
    main()

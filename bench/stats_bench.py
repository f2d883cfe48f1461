"""The statistics page's server time at scale (issue 21), on PostgreSQL.

    .venv/bin/python bench/stats_bench.py                       # 100,000 articles, a year of daily views
    .venv/bin/python bench/stats_bench.py --articles 10000 --skip-corpus

Builds its own corpus with bulk inserts in its own database (created if
missing; emptied of articles first): 12 sections, 300 authors, N live articles
published over the last year, each with a submission and a publication
(Transition rows) and views on each of its first --view-days days (DailyViews),
so a year of daily views. Then asks the statistics page, as an editor through
Django's test client (no web server), for each period and scope, and prints the
median server time and the number of queries of each. With --write it also
writes the report to bench/results/stats-<date>-<articles>.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_stats_bench"


def ensure_database(url: str) -> None:
    """CREATE DATABASE when it does not exist (PostgreSQL only)."""
    import psycopg
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_corpus(*, articles: int, view_days: int, seed: int = 21) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, ArticleAuthor, Section, Status, Transition
    from authors.models import Author
    from readership.models import DailyViews

    random.seed(seed)
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_article, readership_dailyviews, articles_transition, "
                       "articles_articleauthor RESTART IDENTITY CASCADE")
    now = timezone.now()
    with transaction.atomic():
        sections = list(Section.objects.filter(slug__startswith="stats-bench-")) or Section.objects.bulk_create(
            [Section(name=f"Chuyên mục {n}", slug=f"stats-bench-{n}", order=n) for n in range(12)])
        authors = list(Author.objects.filter(slug__startswith="stats-bench-")) or Author.objects.bulk_create(
            [Author(name=f"Phóng viên {n}", slug=f"stats-bench-{n}") for n in range(300)])
        editors = []
        for n in range(6):
            user, _created = User.objects.get_or_create(username=f"stats-bench-editor-{n}",
                                                         defaults={"is_staff": True})
            user.groups.add(Group.objects.get_or_create(name="Editor")[0])
            editors.append(user)
    batch = 10_000
    for first in range(0, articles, batch):
        with transaction.atomic():
            rows = []
            for n in range(first, min(first + batch, articles)):
                published = now - timedelta(days=365 * n / articles, minutes=random.randint(0, 600))
                rows.append(Article(title=f"Bài thử số {n}", slug=f"bai-thu-{n}", section=random.choice(sections),
                                    status=Status.PUBLISHED, publish_at=published, view_count=0))
            made = Article.objects.bulk_create(rows, batch_size=2000)
            ArticleAuthor.objects.bulk_create([ArticleAuthor(article=a, author=random.choice(authors)) for a in made],
                                              batch_size=5000)
            transitions, views = [], []
            for article in made:
                submitted = article.publish_at - timedelta(hours=random.uniform(0.5, 72))
                transitions.append(Transition(article=article, from_status=Status.DRAFT,
                                              to_status=Status.IN_REVIEW, created_at=submitted))
                transitions.append(Transition(article=article, user=random.choice(editors),
                                              from_status=Status.IN_REVIEW, to_status=Status.PUBLISHED,
                                              created_at=article.publish_at))
                day = timezone.localdate(article.publish_at)
                today = timezone.localdate(now)
                for offset in range(view_days):
                    if day + timedelta(days=offset) > today:
                        break
                    views.append(DailyViews(article=article, day=day + timedelta(days=offset),
                                            count=max(1, int(random.paretovariate(1.2) * 20 / (offset + 1)))))
            Transition.objects.bulk_create(transitions, batch_size=5000)
            DailyViews.objects.bulk_create(views, batch_size=10_000)
        print(f"  corpus: {min(first + batch, articles):,} articles", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article a SET view_count = v.total FROM "
                       "(SELECT article_id, SUM(count) AS total FROM readership_dailyviews GROUP BY article_id) v "
                       "WHERE v.article_id = a.id")
        cursor.execute("ANALYZE")
    print(f"corpus: {articles:,} articles, {DailyViews.objects.count():,} daily rows, "
          f"{Transition.objects.count():,} transitions in {time.monotonic() - started:.0f} s", flush=True)


def measure(*, runs: int) -> list[tuple[str, float, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Section
    from authors.models import Author
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="stats-bench-editor-0"))
    url = reverse("admin:readership_dailyviews_changelist")
    section = Section.objects.filter(slug="stats-bench-0").first()
    author = Author.objects.filter(slug="stats-bench-0").first()
    cases = [("site, 7 days", {"period": "7"}), ("site, 30 days", {"period": "30"}),
             ("site, 90 days", {"period": "90"}),
             ("site, 365 days", {"period": "range", "start": _days_ago(364), "end": _days_ago(0)}),
             ("a section, 90 days", {"period": "90", "section": section.pk}),
             ("an author, 90 days", {"period": "90", "author": author.pk}),
             ("XLSX of top articles, 365 days", {"period": "range", "start": _days_ago(364), "end": _days_ago(0),
                                                 "export": "top", "format": "xlsx"})]
    results = []
    for label, params in cases:
        client.get(url, params)  # warm connections and caches of Django itself
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        results.append((label, statistics.median(times), max(times), len(queries.captured_queries)))
        print(f"{label:34} median {statistics.median(times):7.0f} ms   max {max(times):7.0f} ms   "
              f"{len(queries.captured_queries)} queries", flush=True)
    return results


def _days_ago(days: int) -> str:
    from django.utils import timezone

    return (timezone.localdate() - timedelta(days=days)).isoformat()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--view-days", type=int, default=10, help="days with views after each publication")
    parser.add_argument("--runs", type=int, default=5, help="requests per case")
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--skip-corpus", action="store_true", help="reuse the corpus already in --database")
    parser.add_argument("--write", action="store_true", help="write the report to bench/results/")
    args = parser.parse_args()
    ensure_database(args.database)
    setup(args.database)
    if not args.skip_corpus:
        build_corpus(articles=args.articles, view_days=args.view_days)
    results = measure(runs=args.runs)
    if args.write:
        from django.db.models import Count
        from django.utils import timezone

        from readership.models import DailyViews

        rows = DailyViews.objects.aggregate(n=Count("pk"))["n"]
        name = ROOT / "bench" / "results" / f"stats-{timezone.localdate():%Y-%m-%d}-{args.articles}.md"
        lines = [f"# Statistics page, {args.articles:,} articles, {rows:,} daily view rows", "",
                 "Django test client, one process, PostgreSQL; median and max of "
                 f"{args.runs} requests (bench/stats_bench.py).", "",
                 "| case | median (ms) | max (ms) | queries |", "| --- | --- | --- | --- |"]
        lines += [f"| {label} | {median:.0f} | {worst:.0f} | {count} |" for label, median, worst, count in results]
        name.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {name.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

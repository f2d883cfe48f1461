"""`make bench`: Newsroom measured side by side with the Wagtail reference site, as ratios (issue #17).

Both sites run on the same machine in one run: gunicorn with 2 sync workers,
PostgreSQL, 2,000 articles each, loaded by the reference's own harness
(../shared/wagtail_ref/run_wagtail_ref.sh: `wrk -t2 -c16 -d15s` per target,
rounds interleaved, medians). Newsroom's addresses are loaded in the same run
through the harness's `--extra` targets; then this script measures what the
harness cannot (the archive's throughput right after a publish, search server
time, memory) and prints the ratios with the machine.

    .venv/bin/python bench/ratios.py [--rounds 3] [--duration 15s] [--large-articles 100000]

The Wagtail reference is installed into a virtualenv outside the repository
(--wagtail-venv, default ../wagtail-venv) from ../shared/wagtail_ref when
missing. Newsroom's corpora (bench/corpus.py) are built in their own databases
when missing: newsroom_bench2k (2,000 articles, a minute) and, for the lists
and search at scale, newsroom_bench100k (100,000 articles, half an hour).
A private redis-server on a free port holds the shared cache: the machine's
Redis is never touched.

Writes bench/results/<date>-ratios.md and the table between the markers in
README.md. Everything it starts, it stops; all traffic stays on 127.0.0.1.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ensure_tools, free_port, machine, wait_for, worker_memory  # noqa: E402

PY = sys.executable
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START_MARK, END_MARK = "<!-- ratios:start -->", "<!-- ratios:end -->"
PG = "postgres://postgres@127.0.0.1:5432"
MIX = 200  # articles cycled on both sides: the newest 200


def log(message):
    print(f"[ratios] {message}", flush=True)


# --- set-up ---------------------------------------------------------------------


def ensure_wagtail(venv: Path, reference: Path):
    if (venv / "bin" / "gunicorn").exists() and (venv / "bin" / "wagtail").exists():
        return
    log(f"installing the Wagtail reference into {venv}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r",
                    str(reference / "wagtail_ref" / "requirements.txt")], check=True)


def corpus_env(database: str, articles: int) -> dict:
    files = ROOT / "var" / f"bench-{articles}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DATABASE_URL": f"{PG}/{database}",
            "MEDIA_ROOT": str(files / "media"), "PHOTO_ORIGINALS_ROOT": str(files / "originals")}


def live_count(env: dict) -> int:
    code = "import django;django.setup();from articles.models import Article;print(Article.objects.live().count())"
    result = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else -1


def ensure_corpus(database: str, articles: int) -> dict:
    """The corpus in its own database, built when it is missing or of another size."""
    env = corpus_env(database, articles)
    have = live_count(env)
    # A bench run unpublishes and republishes one article: either count is this corpus.
    if have in (articles, articles - 1):
        log(f"reusing {database} ({have:,} live articles)")
    else:
        log(f"building {database}: {articles:,} articles (bench/corpus.py)")
        subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {database}",
                        "-c", f"CREATE DATABASE {database}"], check=True, capture_output=True)
        shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
        shutil.rmtree(env["PHOTO_ORIGINALS_ROOT"], ignore_errors=True)
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "bench/corpus.py", "--articles", str(articles)], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # Published once (through the workflow) in every run: see publish_one.
    django_script(env, "from django.contrib.auth import get_user_model\n"
                       "U=get_user_model()\n"
                       "U.objects.filter(username='bench-editor').exists() or "
                       "U.objects.create_superuser('bench-editor', 'bench@example.invalid', None)\n")
    return env


def django_script(env: dict, code: str) -> str:
    result = subprocess.run([PY, "-c", "import django;django.setup()\n" + code], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return result.stdout


def pick_paths(env: dict) -> dict:
    code = (
        "import json\n"
        "from articles.models import Article,Section,Tag\n"
        "live=Article.objects.live().select_related('section').order_by('-publish_at','-pk')\n"
        f"newest=[a.get_absolute_url() for a in live[:{MIX}]]\n"
        "oldest=live.order_by('publish_at','pk').first()\n"
        "section=Section.objects.order_by('order').first()\n"
        "tag=Tag.objects.filter(tagged_articles__isnull=False).order_by('pk').first()\n"
        "print(json.dumps({'newest':newest,'oldest_pk':oldest.pk,'section':section.get_absolute_url(),"
        "'tag':tag.get_absolute_url()}))\n"
    )
    return json.loads(django_script(env, code).strip().splitlines()[-1])


def publish_one(env: dict, pk: int, *, unpublish: bool):
    """Take the archive's oldest article down, or publish it again, through the workflow (as the desk does)."""
    action = ("workflow.unpublish(a,u,'Đo hiệu năng')" if unpublish else "workflow.publish(a,u)")
    django_script(env, "from django.contrib.auth import get_user_model\n"
                       "from articles import workflow\nfrom articles.models import Article\n"
                       f"u=get_user_model().objects.get(username='bench-editor');a=Article.objects.get(pk={pk})\n"
                       f"{action}\n")


def query_count(env: dict, path: str) -> int:
    code = ("from django.test import Client;from django.db import connection\n"
            "from django.test.utils import CaptureQueriesContext\n"
            f"c=Client();c.get({path!r})\n"  # the connection and the section menu's first read
            "with CaptureQueriesContext(connection) as ctx: r=c.get(" + repr(path) + ")\n"
            "print(len(ctx.captured_queries) if r.status_code==200 else -r.status_code)\n")
    count_env = {**env, "DEBUG": "0", "ALLOWED_HOSTS": "testserver", "SECRET_KEY": secrets.token_urlsafe(50),
                 "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0", "REDIS_URL": ""}
    count_env.pop("DJANGO_ENV", None)
    return int(django_script(count_env, code).strip().splitlines()[-1])


class Servers:
    """gunicorn processes (and one redis-server) started by this run, stopped by pid."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []

    def redis(self) -> str:
        port = free_port()
        self.processes.append(subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory", "512mb", "--maxmemory-policy", "allkeys-lru", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL))
        for _ in range(50):
            try:
                import redis

                redis.Redis(port=port).ping()
                break
            except Exception:
                time.sleep(0.1)
        return f"redis://127.0.0.1:{port}/0"

    def gunicorn(self, env: dict, app: str = "newsroom.wsgi:application", workers: int = 2) -> str:
        port = free_port()
        self.processes.append(subprocess.Popen(
            [str(Path(PY).parent / "gunicorn"), app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--worker-class", "sync", "--access-logfile", "/dev/null",
             "--error-logfile", str(self.workdir / f"gunicorn-{port}.log")], cwd=ROOT, env=env))
        return f"http://127.0.0.1:{port}"

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def production(env: dict, workdir: Path, redis_url: str, **overrides) -> dict:
    prod = {**env, "DJANGO_ENV": "production", "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "REDIS_URL": redis_url,
            "STATIC_ROOT": str(workdir / "collected")}
    prod.update({name: str(value) for name, value in overrides.items()})
    return prod


# --- load -----------------------------------------------------------------------

_WRK_JSON = re.compile(r"^WRK_JSON (\{.*\})$", re.MULTILINE)


def wrk(url: str, lua: Path, *, duration: str, paths: Path | None = None, connections: int = 16) -> dict:
    """One wrk run with the reference's own report script (the same figures as its harness)."""
    env = {**os.environ, "WRK_PATHS_FILE": str(paths) if paths else ""}
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "10s", "--latency",
                             "-s", str(lua), url], capture_output=True, text=True, env=env).stdout
    match = _WRK_JSON.search(output)
    if not match:
        raise RuntimeError(f"wrk gave no figures for {url}: {output[-500:]}")
    return json.loads(match.group(1))


def medians(results_file: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()]
    by_name: dict[str, list] = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    out = {}
    for name, runs in by_name.items():
        out[name] = {
            "rps": statistics.median(r["rps"] for r in runs), "p50": statistics.median(r["p50_ms"] for r in runs),
            "p99": statistics.median(r["p99_ms"] for r in runs), "rounds": len(runs),
            "rps_all": [round(r["rps"]) for r in runs],
            "errors": sum(r["err_status"] + r["err_timeout"] + r["err_connect"] + r["err_read"] + r["err_write"]
                          for r in runs),
            "neighbours_cpu": round(statistics.mean(r.get("other_cpu_pct", 0) for r in runs), 1),
        }
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--large-articles", type=int, default=100_000,
                        help="corpus for lists, search and memory at scale (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--wagtail-ref", type=Path, default=ROOT.parent / "shared" / "wagtail_ref")
    parser.add_argument("--wagtail-venv", type=Path, default=ROOT.parent / "wagtail-venv")
    parser.add_argument("--wagtail-data", type=Path, default=ROOT.parent / "wagtail-data")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the table in README.md")
    args = parser.parse_args()

    ensure_tools()
    ensure_wagtail(args.wagtail_venv, args.wagtail_ref)
    small = ensure_corpus(f"newsroom_bench{args.articles // 1000}k", args.articles)
    large = ensure_corpus(f"newsroom_bench{args.large_articles // 1000}k", args.large_articles) \
        if args.large_articles else None
    paths = pick_paths(small)
    large_paths = pick_paths(large) if large else None
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-ratios-"))
    lua = args.wagtail_ref / "lib" / "wrk_report.lua"
    servers = Servers(workdir)
    try:
        redis_url = servers.redis()
        cold_env = production(small, workdir, redis_url, PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=cold_env, check=True)
        # Newsroom with none of its own caches: every request renders the whole page (target 1).
        cold = servers.gunicorn(cold_env)
        # Newsroom as deployed: page cache and fragment cache in Redis (targets 2, 3, 5).
        cached_env = production(small, workdir, redis_url)
        cached = servers.gunicorn(cached_env)
        article = paths["newest"][10]
        wait_for(cold + article, 60)
        wait_for(cached + article, 60)
        # The serving floor: the same gunicorn answering the same page's bytes with no Django (target 3).
        page_html = workdir / "article.html"
        with urllib.request.urlopen(cached + article) as response:
            page_html.write_bytes(response.read())
        floor = servers.gunicorn({**os.environ, "ARTICLE_HTML": str(page_html), "PYTHONPATH": str(ROOT)},
                                 app="bench.floor_app:application")
        wait_for(floor + "/", 30)
        mix_file = workdir / "newsroom-mix.txt"
        mix_file.write_text("\n".join(paths["newest"]) + "\n")
        extras = [
            f"newsroom_cold_mix={cold}/@{mix_file}",
            f"newsroom_hit={cached}{article}",
            f"newsroom_floor={floor}/",
            f"newsroom_feed={cached}/feed/",
            f"newsroom_sitemap={cached}/sitemap-articles.xml",
        ]
        if large:
            # Lists at scale with no cache of Newsroom's own, against Wagtail's index page (target 4).
            large_cold = servers.gunicorn(production(large, workdir, redis_url, PAGE_CACHE_SECONDS=0,
                                                     FRAGMENT_CACHE_SECONDS=0))
            wait_for(large_cold + "/", 60)
            extras += [f"newsroom_large_home={large_cold}/",
                       f"newsroom_large_section_p1={large_cold}{large_paths['section']}",
                       f"newsroom_large_section_p200={large_cold}{large_paths['section']}?page=200",
                       f"newsroom_large_tag={large_cold}{large_paths['tag']}"]
        log("the reference harness: Wagtail and Newsroom in one run")
        harness = [str(args.wagtail_ref / "run_wagtail_ref.sh"), "--pg", "--rounds", str(args.rounds),
                   "--mix", str(MIX)]
        for spec in extras:
            harness += ["--extra", spec]
        harness_env = {**os.environ, "BENCH_VENV": str(args.wagtail_venv), "BENCH_DATA_ROOT": str(args.wagtail_data),
                       "WRK_DURATION": args.duration}
        subprocess.run(harness, env=harness_env, check=True)
        run_dir = (args.wagtail_data / "runs" / "latest-postgres").resolve()
        figures = medians(run_dir / "results.jsonl")
        summary = (run_dir / "summary.md").read_text()

        log("the archive in the minute after a publish")
        after_publish = publish_bench(small, cached, paths, workdir, lua, args)
        log("search server time and memory at scale")
        searching = search_times(large) if large else {}
        if large:
            for path in (large_paths["section"], large_paths["section"] + "?page=200", large_paths["tag"], "/"):
                wrk(large_cold + path, lua, duration="3s")  # every list page once more before reading memory
        memory = {"cached (2,000)": worker_memory(servers.processes[2].pid),
                  "cold (2,000)": worker_memory(servers.processes[1].pid)}
        if large:
            memory[f"lists, cold ({args.large_articles:,})"] = worker_memory(servers.processes[4].pid)
        queries = {"article": query_count(small, article)}
        if large:
            queries.update({"home (large)": query_count(large, "/"),
                            "section page 200 (large)": query_count(large, large_paths["section"] + "?page=200")})
        report = render(figures, after_publish, searching, memory, queries, args, load_before, summary)
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M")
    (RESULTS / f"{stamp}-ratios.md").write_text(report)
    if not args.no_readme:
        update_readme(report, f"{stamp}-ratios.md")
    print(report)


def publish_bench(env, cached, paths, workdir, lua, args) -> dict:
    """Throughput over the archive (the 200 newest) just before and just after one article is published."""
    pk = paths["oldest_pk"]
    mix_file = workdir / "archive.txt"
    mix_file.write_text("\n".join(paths["newest"]) + "\n")
    before, after = [], []
    publish_one(env, pk, unpublish=True)
    try:
        for _ in range(args.rounds):
            wrk(cached + "/", lua, duration="5s", paths=mix_file)  # settled: every archive page in the cache
            before.append(wrk(cached + "/", lua, duration=args.duration, paths=mix_file))
            publish_one(env, pk, unpublish=False)
            after.append(wrk(cached + "/", lua, duration=args.duration, paths=mix_file))
            publish_one(env, pk, unpublish=True)
    finally:
        publish_one(env, pk, unpublish=False)  # the corpus as it was
    return {"before": statistics.median(r["rps"] for r in before), "after": statistics.median(r["rps"] for r in after),
            "after_p99": statistics.median(r["p99_ms"] for r in after), "after_all": [round(r["rps"]) for r in after],
            "errors": sum(r["err_status"] + r["err_timeout"] for r in before + after)}


def search_times(env: dict) -> dict:
    search_env = {**env, "DEBUG": "0", "ALLOWED_HOSTS": "testserver", "SECRET_KEY": secrets.token_urlsafe(50),
                  "REDIS_URL": ""}
    result = subprocess.run([PY, "bench/search_times.py", "--rounds", "7"], cwd=ROOT, env=search_env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        log(f"search timing failed: {result.stderr[-800:]}")
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


def render(f, after_publish, searching, memory, queries, args, load_before, summary) -> str:
    def rps(name):
        return f.get(name, {}).get("rps", 0.0)

    def ratio(a, b):
        return rps(a) / rps(b) if rps(b) else 0.0

    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}; load average before: "
        f"{load_before}, after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])} (other helpers' tests "
        "shared the machine). PostgreSQL; gunicorn 2 sync workers on both sides; "
        f"`wrk -t2 -c16 -d{args.duration}`, {args.rounds} rounds interleaved, medians. "
        f"Command: `make bench` (`.venv/bin/python bench/ratios.py {' '.join(sys.argv[1:])}`)".rstrip() + ".",
        "",
        "| # | target | Newsroom | reference | ratio | goal | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]

    def row(number, target, ours, reference, goal, value=None, text=None):
        value = ratio(ours, reference) if value is None else value
        figure_ours = text[0] if text else f"{rps(ours):,.0f} req/s"
        figure_ref = text[1] if text else f"{rps(reference):,.0f} req/s"
        lines.append(f"| {number} | {target} | {figure_ours} | {figure_ref} | {value:.2f}× | ≥ {goal}× | "
                     f"{'yes' if value >= goal else '**no**'} |")

    row(1, f"cold article page (no page or fragment cache, {MIX} newest cycled) vs Wagtail's {MIX} newest",
        "newsroom_cold_mix", "wagtail_article_mix", 2)
    if after_publish:
        lines.append(f"| 2 | the archive ({MIX} newest, page cache) in the {args.duration} after a publish vs just "
                     f"before | {after_publish['after']:,.0f} req/s | {after_publish['before']:,.0f} req/s | "
                     f"{after_publish['after'] / after_publish['before']:.2f}× | ≥ 0.7× | "
                     f"{'yes' if after_publish['after'] >= 0.7 * after_publish['before'] else '**no**'} |")
    row(3, "page-cache hit (one article) vs the floor (`bench/floor_app.py`: the same bytes, same gunicorn, "
        "no Django)", "newsroom_hit", "newsroom_floor", 0.7)
    if "newsroom_large_home" in f:
        for name, label in [("newsroom_large_home", "home"), ("newsroom_large_section_p1", "section page 1"),
                            ("newsroom_large_section_p200", "section page 200"), ("newsroom_large_tag", "tag page")]:
            row(4, f"{label}, cold, {args.large_articles:,} articles vs Wagtail's index page "
                f"({args.articles:,})", name, "wagtail_index", 2)
    if searching:
        met = searching["p50_ms"] <= 30 and searching["p99_ms"] <= 100
        lines.append(f"| 4 | search server time, {searching['articles']:,} live articles "
                     f"({searching['requests']} requests) | p50 {searching['p50_ms']} ms, p99 {searching['p99_ms']} ms "
                     f"| | | p50 ≤ 30, p99 ≤ 100 ms | {'yes' if met else '**no**'} |")
    row(5, "RSS feed (cached) vs a cached article page", "newsroom_feed", "newsroom_hit", 0.7)
    row(5, "articles sitemap (cached) vs a cached article page", "newsroom_sitemap", "newsroom_hit", 0.7)
    if memory:
        peak = max((m for values in memory.values() for m in values), default=0)
        lines.append(f"| 6 | peak memory per worker after the bench | {peak} MiB | | | ≤ 150 MiB | "
                     f"{'yes' if peak <= 150 else '**no**'} |")
    lines += ["", "All targets, medians (req/s per round in brackets):", "",
              "| target | req/s | p50 ms | p99 ms | errors | neighbours' CPU % |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, x in f.items():
        lines.append(f"| {name} | {x['rps']:,.0f} ({', '.join(map(str, x['rps_all']))}) | {x['p50']:.1f} | "
                     f"{x['p99']:.1f} | {x['errors']} | {x['neighbours_cpu']} |")
    if after_publish:
        lines += ["", f"After a publish: {after_publish['after']:,.0f} req/s over the archive (rounds: "
                  f"{', '.join(map(str, after_publish['after_all']))}; p99 {after_publish['after_p99']:.1f} ms), "
                  f"{after_publish['before']:,.0f} just before; errors {after_publish['errors']}."]
    lines += ["", "Queries per page, rendered from scratch (no cache): "
              + ", ".join(f"{name} {count}" for name, count in queries.items()) + "."]
    lines += ["", "Peak memory per gunicorn worker (VmHWM): "
              + "; ".join(f"{name}: {', '.join(f'{m} MiB' for m in values)}" for name, values in memory.items()) + "."]
    lines += ["", "<details><summary>The reference harness's own summary</summary>", "", summary.strip(), "",
              "</details>"]
    return "\n".join(lines) + "\n"


def update_readme(report: str, name: str):
    """The headline table only (the README stays short); the whole report is in bench/results/."""
    summary = report.split("\nAll targets", 1)[0].rstrip()
    text = README.read_text()
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        README.write_text(f"{head}{START_MARK}\n{summary}\n\nThe whole report: [bench/results/{name}](bench/results/{name}).\n"
                          f"{END_MARK}{tail}")


if __name__ == "__main__":
    main()

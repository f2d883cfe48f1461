"""The public-site benchmark: `make bench` (see docs/developers.md, "Performance").

Builds a corpus in PostgreSQL (bench/corpus.py), serves the site with gunicorn
and production settings on 127.0.0.1, loads each page with wrk for a bounded
time, and compares with nginx serving the same article HTML as a static file
and with nginx as a micro-caching reverse proxy. Also counts the database
queries per page and the peak memory of each gunicorn worker. Writes a
markdown report into bench/results/ and the summary table into docs/developers.md.

Everything it starts, it stops; all traffic stays on 127.0.0.1.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
README = ROOT / "docs" / "developers.md"  # the guide whose Performance table each run rewrites
START_MARK, END_MARK = "<!-- bench:start -->", "<!-- bench:end -->"
# Distinct articles for the cold run: more than it can serve in its time, so none is served twice.
COLD_ARTICLES = 3000
# The corpus's files live beside its database, so that --skip-corpus finds them again.
BENCH_FILES = {"MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
               "PHOTO_ORIGINALS_ROOT": str(ROOT / "var" / "bench" / "originals")}


def log(message):
    print(f"[bench] {message}", flush=True)


def ensure_tools():
    """Install wrk and nginx from Debian packages when missing (as root)."""
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"missing {', '.join(missing)}: install them (apt-get install {' '.join(missing)}) and run again")
    log(f"installing {' '.join(missing)}")
    subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def machine() -> str:
    cores = os.cpu_count()
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{cores} cores ({model}), {total_kb / 1024 / 1024:.0f} GiB memory"


_WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_WRK_REQUESTS = re.compile(r"(\d+) requests in")


def wrk(url: str, *, threads: int, connections: int, duration: int, script: Path | None = None,
        timeout: int = 2) -> dict:
    """One bounded wrk run. A request slower than `timeout` seconds counts as failed."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30).stdout
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {p: float(v) * scale[unit] for p, v, unit in _WRK_LATENCY.findall(output)}
    socket_errors = _WRK_SOCKET.search(output)
    return {
        "rps": float(_WRK_RPS.search(output).group(1)) if _WRK_RPS.search(output) else 0.0,
        "p50_ms": latency.get("50"), "p99_ms": latency.get("99"),
        "non_2xx": int(_WRK_ERRORS.search(output).group(1)) if _WRK_ERRORS.search(output) else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "requests": int(_WRK_REQUESTS.search(output).group(1)) if _WRK_REQUESTS.search(output) else 0,
    }


def nginx_conf(workdir: Path, static_port: int, proxy_port: int, upstream_port: int, micro_cache: str) -> Path:
    conf = workdir / "nginx.conf"
    conf.write_text(f"""
worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    default_type text/html;
    sendfile on;
    keepalive_requests 100000;
    proxy_cache_path {workdir}/cache levels=1:2 keys_zone=micro:10m max_size=256m inactive=60s use_temp_path=off;
    upstream app {{ server 127.0.0.1:{upstream_port}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{static_port};
        root {workdir}/static;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
    server {{
        listen 127.0.0.1:{proxy_port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host 127.0.0.1;
            proxy_cache micro;
            proxy_cache_valid 200 301 404 {micro_cache};
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
""")
    return conf


def query_counts(pages: dict[str, str], base_env: dict) -> dict[str, int]:
    """Database queries per page, counted in-process through Django's test client."""
    code = (
        "import json,sys,django;django.setup();"
        "from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "from django.core.cache import cache;"
        "pages=json.loads(sys.argv[1]);out={}\n"
        "for name,path in pages.items():\n"
        "    cache.clear();c=Client()\n"
        "    with CaptureQueriesContext(connection) as ctx: r=c.get(path)\n"
        "    out[name]=len(ctx.captured_queries) if r.status_code<400 else -r.status_code\n"
        "    with CaptureQueriesContext(connection) as ctx: r=c.get(path)\n"
        "    out[name+' (warm)']=len(ctx.captured_queries)\n"
        "print(json.dumps(out))"
    )
    env = {**base_env, "DEBUG": "0", "ALLOWED_HOSTS": "testserver,127.0.0.1", "SECRET_KEY": secrets.token_urlsafe(60),
           "PAGE_CACHE_SECONDS": "0"}
    env.pop("DJANGO_ENV", None)
    result = subprocess.run([PY, "-c", code, json.dumps(pages)], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        log(f"query count failed: {result.stderr[-500:]}")
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


def pick_pages(env: dict) -> tuple[dict[str, str], list[str]]:
    code = (
        "import json,django;django.setup();"
        "from articles.models import Article,Section,Tag;"
        "a=Article.objects.live().select_related('section').order_by('-publish_at');art=a[10];s=Section.objects.order_by('order').first();"
        "t=Tag.objects.filter(tagged_articles__isnull=False).first();"
        "many=[x.get_absolute_url() for x in a[100:100+%d]];"
        "print(json.dumps({'article':art.get_absolute_url(),'section':s.get_absolute_url(),"
        "'tag':t.get_absolute_url(),'many':many}))"
    )
    data = json.loads(subprocess.run([PY, "-c", code % COLD_ARTICLES], cwd=ROOT, env=env, capture_output=True,
                                     text=True, check=True).stdout.strip().splitlines()[-1])
    pages = {
        "home": "/",
        "section page 1": data["section"],
        "section page 200": data["section"] + "?page=200",
        "article (cache hit)": data["article"],
        "tag": data["tag"],
        "search, common word": "/search/?q=c%C3%B4ng+t%C3%A1c",
        "search, rare word": "/search/?q=camera",
        "RSS feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }
    return pages, data["many"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--micro-cache", default="5s", help="nginx micro-cache lifetime")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14",
                        help="the shared cache, as in production (this database is emptied first)")
    parser.add_argument("--skip-corpus", action="store_true", help="reuse the corpus already in --database")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the performance table in docs/developers.md")
    args = parser.parse_args()

    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    workdir.chmod(0o755)  # nginx's workers (www-data) read the static copy from here
    env = {**os.environ, **BENCH_FILES, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DATABASE_URL": args.database,
           "STATIC_ROOT": str(workdir / "collected")}
    processes: list[subprocess.Popen] = []
    try:
        if not args.skip_corpus:
            name = args.database.rsplit("/", 1)[1]
            admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
            subprocess.run(["psql", admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name}",
                            "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
            for folder in BENCH_FILES.values():
                shutil.rmtree(folder, ignore_errors=True)
            subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            log(f"building a corpus of {args.articles} articles")
            subprocess.run([PY, "bench/corpus.py", "--articles", str(args.articles)], cwd=ROOT, env=env, check=True)
        pages, many = pick_pages(env)
        counts = query_counts(pages, env)
        log(f"queries per page: {counts}")
        searching = search_times(env)
        log(f"search server time: p50 {searching.get('p50_ms')} ms, p99 {searching.get('p99_ms')} ms")

        prod_env = {**env, "DJANGO_ENV": "production", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60),
                    "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "REDIS_URL": args.redis}
        flush_redis(args.redis)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=prod_env, check=True)
        app_port, static_port, proxy_port = free_port(), free_port(), free_port()
        gunicorn = [str(Path(PY).parent / "gunicorn"), "newsroom.wsgi:application", "--bind",
                    f"127.0.0.1:{app_port}", "--workers", str(args.workers), "--worker-class", "sync",
                    "--access-logfile", "/dev/null", "--error-logfile", str(workdir / "gunicorn.log")]
        processes.append(subprocess.Popen(gunicorn, cwd=ROOT, env=prod_env))
        # The same site with the page cache off: every request runs the view, which
        # renders the page around the parts kept in the fragment cache.
        uncached_port = free_port()
        uncached = [*gunicorn[:3], f"127.0.0.1:{uncached_port}", *gunicorn[4:]]
        processes.append(subprocess.Popen(uncached, cwd=ROOT, env={**prod_env, "PAGE_CACHE_SECONDS": "0"}))
        base = f"http://127.0.0.1:{app_port}"
        wait_for(base + "/")
        wait_for(f"http://127.0.0.1:{uncached_port}/")

        # The same article page as a static file, and the site behind nginx's micro-cache.
        (workdir / "static").mkdir()
        with urllib.request.urlopen(base + pages["article (cache hit)"]) as response:
            (workdir / "static" / "article.html").write_bytes(response.read())
        # The serving stack's ceiling: the same gunicorn answering with that HTML, no Django.
        floor_port = free_port()
        floor = [*gunicorn[:1], "bench.floor_app:application", "--bind", f"127.0.0.1:{floor_port}", *gunicorn[4:]]
        processes.append(subprocess.Popen(floor, cwd=ROOT, env={**prod_env,
                                                                "ARTICLE_HTML": str(workdir / "static" / "article.html")}))
        wait_for(f"http://127.0.0.1:{floor_port}/")
        conf = nginx_conf(workdir, static_port, proxy_port, app_port, args.micro_cache)
        subprocess.run(["nginx", "-c", str(conf), "-p", str(workdir)], check=True)

        miss_script = workdir / "miss.lua"
        miss_script.write_text("paths = {" + ",".join(json.dumps(p) for p in many) + "}\n"
                               "counter = 0\nrequest = function()\n  counter = counter + 1\n"
                               "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n")

        load = dict(threads=args.threads, connections=args.connections, duration=args.duration)
        rows = []
        log("static file through nginx")
        static = wrk(f"http://127.0.0.1:{static_port}/article.html", **load)
        rows.append(("article HTML as a static file (nginx)", static, None))
        log("ceilings: gunicorn alone, and Django with no query and no template")
        rows.append(("ceiling: the same HTML from gunicorn with no Django (`bench/floor_app.py`)",
                     wrk(f"http://127.0.0.1:{floor_port}/", **load), None))
        robots = f"http://127.0.0.1:{uncached_port}/robots.txt"  # the page cache off: the view runs
        wrk(robots, threads=1, connections=2, duration=2)
        rows.append(("ceiling: Django's whole middleware stack, no query, no template (`/robots.txt`)",
                     wrk(robots, **load), 0))
        for name, path in pages.items():
            log(name)
            wrk(base + path, threads=1, connections=2, duration=2)  # warm the cache and the workers
            rows.append((name, wrk(base + path, **load), counts.get(name)))
        log("article, page cache off")
        article_uncached = f"http://127.0.0.1:{uncached_port}{pages['article (cache hit)']}"
        wrk(article_uncached, threads=1, connections=2, duration=2)  # its parts into the fragment cache
        rows.append(("article, page cache off (Django renders it; its parts from the fragment cache)",
                     wrk(article_uncached, **load), counts.get("article (cache hit) (warm)")))
        log("article, cold")
        flush_redis(args.redis)  # nothing kept: every request renders a whole article page
        cold = wrk(base + "/", script=miss_script, **load)
        rows.append((f"article, cold (each of {cold['requests']:,} requests a different article, every cache empty)",
                     cold, counts.get("article (cache hit)")))
        if cold["requests"] > len(many):
            log(f"warning: {cold['requests']} cold requests for {len(many)} articles: some were served twice")
        log("behind nginx micro-cache")
        wrk(f"http://127.0.0.1:{proxy_port}{pages['article (cache hit)']}", threads=1, connections=2, duration=2)
        rows.append((f"article behind nginx micro-cache ({args.micro_cache})",
                     wrk(f"http://127.0.0.1:{proxy_port}{pages['article (cache hit)']}", **load), None))

        memory = worker_memory(processes[0].pid)
        report = render(rows, static["rps"], memory, args, searching)
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M")
        (RESULTS / f"{stamp}-{args.articles}.md").write_text(report)
        (RESULTS / "latest.md").write_text(report)
        if not args.no_readme:
            update_readme(report)
        print(report)
    finally:
        subprocess.run(["nginx", "-c", str(workdir / "nginx.conf"), "-p", str(workdir), "-s", "stop"],
                       capture_output=True)
        for process in processes:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def flush_redis(url: str):
    """Start from an empty cache, so that every run measures the same thing."""
    import redis

    redis.Redis.from_url(url).flushdb()


def worker_memory(master_pid: int) -> list[int]:
    """Peak resident memory (VmHWM, MiB) of each gunicorn worker."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) // 1024)
    return peaks


def search_times(base_env: dict) -> dict:
    """bench/search_times.py: the search's own server time (page cache off) and its plan."""
    env = {**base_env, "DEBUG": "0", "ALLOWED_HOSTS": "testserver,127.0.0.1", "SECRET_KEY": secrets.token_urlsafe(60)}
    env.pop("DJANGO_ENV", None)
    result = subprocess.run([PY, "bench/search_times.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        log(f"search timing failed: {result.stderr[-500:]}")
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


def render(rows, static_rps, memory, args, searching=None) -> str:
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}, PostgreSQL, "
        f"{args.articles:,} live articles; gunicorn {args.workers} sync workers, production settings; "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.duration}s`. Command: "
        f"`.venv/bin/python bench/run.py {' '.join(sys.argv[1:])}`".rstrip() + ".",
        "",
        "| page | requests/s | p50 ms | p99 ms | vs static file | queries | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result, queries in rows:
        ratio = result["rps"] / static_rps if static_rps else 0
        errors = result["non_2xx"] + result["socket_errors"]
        lines.append(f"| {name} | {result['rps']:,.0f} | {fmt(result['p50_ms'])} | {fmt(result['p99_ms'])} | "
                     f"{ratio:.1%} | {'' if queries is None else queries} | {errors} |")
    lines += ["", *targets(rows, static_rps, searching)]
    lines += ["", "Queries: one request with the page cache off and nothing in the fragment cache (the section "
              "menu then counts too); for the page-cache-off article, a second request once its parts are kept. "
              "A page-cache hit runs none. Errors: non-2xx responses plus failed requests.",
              "", f"Peak memory per gunicorn worker: {', '.join(f'{m} MiB' for m in memory) or 'n/a'}."]
    if searching:
        lines += ["", f"Search server time (`bench/search_times.py`, page cache off, {searching['requests']} requests "
                  f"over {searching['articles']:,} live articles): p50 {searching['p50_ms']} ms, "
                  f"p99 {searching['p99_ms']} ms, max {searching['max_ms']} ms."]
        if searching.get("plan"):
            lines += ["", "<details><summary>Plan of the search filter (\"dong hoi\")</summary>", "", "```",
                      searching["plan"], "```", "", "</details>"]
    return "\n".join(lines) + "\n"


def targets(rows, static_rps, searching) -> list[str]:
    """The issue's targets (#7) against this run's figures, as a markdown table."""
    rps = {name: result["rps"] for name, result, _ in rows}

    def find(prefix):
        return next((value for name, value in rps.items() if name.startswith(prefix)), 0)

    uncached, hit = find("article, page cache off"), find("article (cache hit)")
    cold, micro = find("article, cold"), find("article behind nginx")
    page1, page200 = find("section page 1"), find("section page 200")
    lines = ["| target | this run | met |", "| --- | --- | --- |"]

    def row(target, figure, met):
        lines.append(f"| {target} | {figure} | {'yes' if met else '**no**'} |")

    row("article with no page cache ≥ 800 req/s", f"{uncached:,.0f} req/s (cold: {cold:,.0f} req/s)", uncached >= 800)
    row("page-cache hit ≥ 4 × no page cache", f"{hit:,.0f} req/s = {hit / uncached if uncached else 0:.1f} ×",
        uncached and hit >= 4 * uncached)
    row("nginx micro-cache ≥ 50 % of the static file", f"{micro / static_rps if static_rps else 0:.0%}",
        static_rps and micro >= 0.5 * static_rps)
    row("section page 200 within 2 × page 1", f"page 200 {page200:,.0f} req/s, page 1 {page1:,.0f} req/s",
        page200 and page1 <= 2 * page200)
    if searching:
        row("search p50 ≤ 50 ms, p99 ≤ 200 ms (server time)",
            f"p50 {searching['p50_ms']} ms, p99 {searching['p99_ms']} ms",
            searching["p50_ms"] <= 50 and searching["p99_ms"] <= 200)
    gunicorn_alone, django_alone = find("ceiling: the same HTML"), find("ceiling: Django's")
    if gunicorn_alone:
        lines += ["", f"For scale, in this run: gunicorn alone answers {gunicorn_alone:,.0f} req/s, and Django's "
                  f"middleware stack around an empty view {django_alone:,.0f} req/s; no Django page can be "
                  "faster than the second figure on this machine."]
    return lines


def fmt(value):
    return "" if value is None else f"{value:.1f}"


def update_readme(report: str):
    text = README.read_text()
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        README.write_text(f"{head}{START_MARK}\n{report}{END_MARK}{tail}")


if __name__ == "__main__":
    main()

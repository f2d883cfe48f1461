"""Load and fault runs against the benchmark corpus: `make load-faults`.

1. Load: 64 concurrent connections for 60 s over the public pages (home,
   sections, articles, tags, search, feed, sitemap), gunicorn with production
   settings on PostgreSQL. Passes when no request fails and none answers 5xx.
2. PostgreSQL restart: readers keep requesting article pages (cache misses)
   while PostgreSQL is stopped for a few seconds and started again. Passes
   when requests during the outage get the friendly 503 (never a 500), and the
   site answers 200 again by itself afterwards, with no restart of gunicorn.

Needs the corpus from `make bench` (in --database), wrk, and
root to stop and start PostgreSQL (`pg_ctlcluster`). Do not run it while
something else uses this PostgreSQL: the restart stops it for everyone.
All traffic stays on 127.0.0.1; everything it starts, it stops.
"""

import argparse
import collections
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BENCH_FILES, PY, ensure_tools, flush_redis, free_port, log, pick_pages, wait_for, wrk  # noqa: E402

PG_CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect"]


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def start_gunicorn(env, workdir: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [str(Path(PY).parent / "gunicorn"), "newsroom.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--access-logfile", "/dev/null",
               "--error-logfile", str(workdir / "gunicorn.log"), "--timeout", "30"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/")
    return process, base


def load_run(base: str, paths: list[str], workdir: Path, duration: int, connections: int, timeout: int) -> dict:
    script = workdir / "rotate.lua"
    script.write_text("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                      "counter = 0\nrequest = function()\n  counter = counter + 1\n"
                      "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n")
    return wrk(base + "/", threads=2, connections=connections, duration=duration, script=script, timeout=timeout)


def restart_run(base: str, paths: list[str], outage_seconds: int) -> dict:
    """Readers request pages while PostgreSQL is stopped, then started again."""
    results = []  # (seconds since start, status)
    stop = threading.Event()
    started = time.monotonic()

    def reader(offset: int):
        number = offset
        while not stop.is_set():
            number += 7
            url = base + paths[number % len(paths)] + f"?r={number}"  # a cache miss every time
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except Exception:
                status = 0  # connection refused or reset: a failed request
            results.append((time.monotonic() - started, status))
            time.sleep(0.05)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(5)
    log("stopping PostgreSQL")
    down_at = time.monotonic() - started
    subprocess.run([*PG_CLUSTER, pg_version(), "main", "stop", "-m", "fast"], check=True)
    time.sleep(outage_seconds)
    log("starting PostgreSQL")
    subprocess.run([*PG_CLUSTER, pg_version(), "main", "start"], check=True)
    up_at = time.monotonic() - started
    time.sleep(10)
    stop.set()
    for thread in threads:
        thread.join()

    def tally(rows):
        return dict(collections.Counter(status for _, status in rows))

    before = [r for r in results if r[0] < down_at]
    during = [r for r in results if down_at <= r[0] < up_at]
    after = [r for r in results if r[0] >= up_at]
    recovered = next((round(t - up_at, 2) for t, status in after if status == 200), None)
    return {"before": tally(before), "during": tally(during), "after": tally(after),
            "first_200_after_restart_s": recovered,
            "passed": 500 not in tally(results) and 0 not in tally(during + after[-20:])
            and tally(during).get(503, 0) > 0 and tally(after[-20:]).get(200, 0) == len(after[-20:])}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--outage", type=int, default=6, help="seconds PostgreSQL stays down")
    parser.add_argument("--skip-restart", action="store_true")
    parser.add_argument("--timeout", type=int, default=10,
                        help="seconds after which wrk counts a request as failed (a reader giving up)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14",
                        help="the shared cache, as in production (this database is emptied first)")
    args = parser.parse_args()

    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-faults-"))
    env = {**os.environ, **BENCH_FILES, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DATABASE_URL": args.database,
           "STATIC_ROOT": str(workdir / "static"), "DJANGO_ENV": "production", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECURE_SSL_REDIRECT": "0", "CONN_MAX_AGE": "60", "REDIS_URL": args.redis}
    flush_redis(args.redis)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    pages, many = pick_pages(env)
    paths = list(pages.values()) + many[:200]
    process, base = start_gunicorn(env, workdir, args.workers)
    report = {}
    try:
        log(f"load: {args.connections} connections for {args.duration} s")
        report["load"] = load_run(base, paths, workdir, args.duration, args.connections, args.timeout)
        report["load"]["passed"] = report["load"]["non_2xx"] == 0 and report["load"]["socket_errors"] == 0
        if not args.skip_restart:
            report["postgres_restart"] = restart_run(base, many[:200], args.outage)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    print(json.dumps(report, indent=2))
    sys.exit(0 if all(part.get("passed") for part in report.values()) else 1)


if __name__ == "__main__":
    main()

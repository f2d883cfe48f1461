"""gunicorn settings for Newsroom: `gunicorn -c deploy/gunicorn.conf.py` (see docs/operators.md, "Deployment").

Read from the environment:
  BIND                 address to listen on (default 127.0.0.1:8000: only the proxy reaches it)
  WEB_CONCURRENCY      number of worker processes (default 2 x CPUs + 1, at most GUNICORN_MAX_WORKERS)
  GUNICORN_MAX_WORKERS cap for the computed default (default 8)
  GUNICORN_THREADS     threads per worker (default 1)
  GUNICORN_TIMEOUT     seconds before a silent worker is restarted (default 30)
  GUNICORN_MAX_REQUESTS requests before a worker is replaced, with 10% jitter (default 1000; 0 = never)
"""

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer, not {raw!r}.") from None
    if value < 0:
        raise SystemExit(f"{name} must not be negative, not {raw!r}.")
    return value


def _cpu_count() -> int:
    # The CPUs this process may use (a container's share), not the whole machine's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "newsroom.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent)
raw_env = ["DJANGO_SETTINGS_MODULE=newsroom.settings"]

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 0) or min(2 * _cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 8))
threads = _int("GUNICORN_THREADS", 1) or 1
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5  # behind nginx, which reuses upstream connections

# Replace workers now and then (memory growth), not all at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Logs to stdout/stderr, for journald or the container runtime.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Worker heartbeats on tmpfs where there is one (avoids stalls on slow disks).
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn 27's control socket lives in the user's home and would be shared by
# two instances on one host; reloads use signals (systemctl reload → HUP).
control_socket_disable = True

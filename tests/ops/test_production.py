"""DJANGO_ENV=production: the settings contract, checked in fresh processes.

Settings are read once per process, so each case starts `manage.py` or a tiny
Python snippet in a subprocess with exactly the environment it describes.
"""

import http.client
import json
import os
import pwd
import socket
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from newsroom.settings import cache_settings
from tests.helpers.environment import PRODUCTION_ENV, SETTINGS_VARIABLES, read_settings, run, settings_error

def test_check_deploy_is_clean_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_are_https_only():
    values = read_settings(["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                            "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
                            "SECURE_PROXY_SSL_HEADER", "ALLOWED_HOSTS"], **PRODUCTION_ENV)

    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "ALLOWED_HOSTS": ["tin.example.vn", "www.tin.example.vn"],
    }


def test_ssl_redirect_can_be_left_to_the_proxy():
    assert read_settings(["SECURE_SSL_REDIRECT"], SECURE_SSL_REDIRECT="0", **PRODUCTION_ENV) == {
        "SECURE_SSL_REDIRECT": False}


def test_ssl_redirect_refuses_a_value_that_is_not_a_boolean():
    assert settings_error(SECURE_SSL_REDIRECT="maybe", **PRODUCTION_ENV) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "SECURE_SSL_REDIRECT must be a boolean (1/0, true/false), not 'maybe'.")


def test_production_without_secret_key_is_refused():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]

    message = settings_error(**env)

    assert message.startswith("django.core.exceptions.ImproperlyConfigured: DJANGO_ENV=production needs "
                              "SECRET_KEY: a random string of at least 50 characters")


def test_production_refuses_a_short_secret_key():
    message = settings_error(**{**PRODUCTION_ENV, "SECRET_KEY": "short-but-not-the-dev-key"})

    assert "DJANGO_ENV=production needs SECRET_KEY" in message


def test_production_without_allowed_hosts_is_refused():
    env = {**PRODUCTION_ENV}
    del env["ALLOWED_HOSTS"]

    assert settings_error(**env) == ("django.core.exceptions.ImproperlyConfigured: "
                                     "DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated host names).")


def test_production_refuses_debug():
    assert settings_error(DEBUG="1", **PRODUCTION_ENV) == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG must be off when DJANGO_ENV=production.")


def test_an_unknown_environment_name_is_refused():
    assert settings_error(DJANGO_ENV="prod") == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_ENV must be 'development' or 'production', not 'prod'.")


def test_development_is_the_default():
    assert read_settings(["DJANGO_ENV", "DEBUG", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]) == {
        "DJANGO_ENV": "development", "DEBUG": True, "SESSION_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False}


def test_production_collectstatic_writes_compressed_hashed_files(tmp_path):
    result = run(["manage.py", "collectstatic", "--noinput"], STATIC_ROOT=str(tmp_path), **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.") and hashed.endswith(".css")
    assert (tmp_path / hashed).is_file()
    assert (tmp_path / (hashed + ".gz")).is_file()


def test_storages_in_production_and_development():
    production = read_settings(["STORAGES"], **PRODUCTION_ENV)["STORAGES"]
    development = read_settings(["STORAGES"])["STORAGES"]

    assert production["staticfiles"] == {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    assert development["staticfiles"] == {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def test_cache_is_local_memory_by_default():
    caches_setting = read_settings(["CACHES"])["CACHES"]
    assert caches_setting["default"] == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
    # Each process's copy of generation-keyed entries (newsroom/page_cache.py): always local memory.
    assert caches_setting["local"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache():
    values = read_settings(["CACHES", "SESSION_ENGINE"], REDIS_URL="redis://10.0.0.5:6379/2")

    assert values["CACHES"]["default"]["BACKEND"] == "pagecache.redis_cache.RedisCache"  # Django's, one client
    assert values["CACHES"]["default"]["LOCATION"] == "redis://10.0.0.5:6379/2"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    """The cache configured as with REDIS_URL=redis://127.0.0.1:6379/15 (skipped when Redis is not running)."""
    import redis

    raw = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        raw.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL}: start redis-server to run this test")
    settings.CACHES = cache_settings(REDIS_TEST_URL)
    yield raw
    caches["default"].delete("trang-chu")
    raw.close()


def test_cache_round_trips_through_redis(redis_cache):
    cache = caches["default"]
    cache.set("trang-chu", {"tiêu đề": "Đồng Hới"}, timeout=60)

    assert cache.get("trang-chu") == {"tiêu đề": "Đồng Hới"}
    # The value is in Redis itself, where every app server sees it.
    assert redis_cache.exists(cache.make_key("trang-chu")) == 1
    # One redis client serves every call (Django's own backend builds one per call).
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


# --- gunicorn and nginx, running for real --------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process, log_path) -> None:
    """Until something accepts connections on the port (at most 60 s), or the process died."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port} after 60 s:\n{log_path.read_text()}")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def http_get(port, path, *, host="tin.example.vn", tls=False, **headers):
    """(status, headers as a lower-case dict, body) of one request to 127.0.0.1:port."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host, **headers})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    """`make serve-prod`'s steps: collectstatic, then gunicorn with deploy/gunicorn.conf.py, in production."""
    root = tmp_path_factory.mktemp("serve-prod")
    port = free_port()
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(root / "static"), "MEDIA_ROOT": str(root / "media"),
           "DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1"}
    collected = run(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], **env)
    assert collected.returncode == 0, collected.stderr
    migrated = run(["manage.py", "migrate", "--noinput", "--verbosity", "0"], **env)
    assert migrated.returncode == 0, migrated.stderr
    log_path = root / "gunicorn.log"
    clean = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config",
                                    "deploy/gunicorn.conf.py"], cwd=settings.BASE_DIR, env={**clean, **env},
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, log_path)
        yield {"port": port, "root": root, "log": log_path}
    finally:
        stop(process)


def test_gunicorn_serves_healthz_over_plain_http(gunicorn_site):
    status, headers, body = http_get(gunicorn_site["port"], "/healthz")

    assert status == 200
    assert json.loads(body) == {"status": "ok", "cache": "ok"}
    assert "no-store" in headers["cache-control"]


def test_gunicorn_redirects_plain_http_pages_to_https(gunicorn_site):
    status, headers, _body = http_get(gunicorn_site["port"], "/some-page/")

    assert status == 301
    assert headers["location"] == "https://tin.example.vn/some-page/"


def test_gunicorn_behind_tls_proxy_sends_hsts_and_hashed_static_files(gunicorn_site):
    manifest = json.loads((gunicorn_site["root"] / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    status, headers, _body = http_get(gunicorn_site["port"], "/healthz", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"

    status, headers, _body = http_get(gunicorn_site["port"], f"/static/{hashed}",
                                      **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "max-age=315360000, public, immutable"


def test_gunicorn_refuses_hosts_not_in_allowed_hosts(gunicorn_site):
    status, _headers, _body = http_get(gunicorn_site["port"], "/healthz", host="evil.example.com")

    assert status == 400


def test_gunicorn_logs_requests_to_stdout(gunicorn_site):
    http_get(gunicorn_site["port"], "/healthz?log-check")
    # One sync worker: it has written the first line before it answers the next request.
    http_get(gunicorn_site["port"], "/healthz")

    assert '"GET /healthz?log-check HTTP/1.1" 200' in gunicorn_site["log"].read_text()


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_config(root, *, app_port, http_port, https_port, static_root, media_root) -> str:
    """deploy/nginx.conf with this machine's paths and ports; everything else as shipped."""
    text = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    replacements = {
        # Workers run as whoever runs the test, to read its temporary folders.
        "user www-data;": f"user {pwd.getpwuid(os.getuid()).pw_name};",
        "/run/nginx-newsroom.pid": str(root / "nginx.pid"),
        "/var/log/nginx/": f"{root}/",
        "/var/cache/nginx/newsroom": str(root / "cache"),
        "/etc/letsencrypt/live/tin.example.vn/": f"{root}/",
        "/srv/newsroom/static/": f"{static_root}/",
        "/srv/newsroom/media/": f"{media_root}/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen [::]:80;\n": "",
        "listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        # Long enough that no test depends on timing.
        "proxy_cache_valid 200 301 302 5s;": "proxy_cache_valid 200 301 302 10m;",
        "proxy_cache_valid 404 5s;": "proxy_cache_valid 404 10m;",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf no longer contains {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def nginx_front(gunicorn_site, tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light to run the nginx tests)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: it makes the test certificate")
    root = tmp_path_factory.mktemp("nginx")
    certificate = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=tin.example.vn",
         "-keyout", str(root / "privkey.pem"), "-out", str(root / "fullchain.pem")],
        capture_output=True, text=True, timeout=60)
    assert certificate.returncode == 0, certificate.stderr
    media_root = root / "media"
    (media_root / "photos").mkdir(parents=True)
    (media_root / "photos" / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    ports = {"app_port": gunicorn_site["port"], "http_port": free_port(), "https_port": free_port()}
    config = root / "nginx.conf"
    config.write_text(nginx_config(root, static_root=gunicorn_site["root"] / "static", media_root=media_root,
                                   **ports))
    checked = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(root), "-e", str(root / "error.log")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    log_path = root / "nginx.out"
    with open(log_path, "w") as log:
        process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(root), "-e", str(root / "error.log"),
                                    "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(ports["https_port"], process, log_path)
        yield {**ports, "check": checked.stderr}
    finally:
        stop(process)


def test_nginx_accepts_the_shipped_configuration(nginx_front):
    assert "syntax is ok" in nginx_front["check"]
    assert "test is successful" in nginx_front["check"]


def test_nginx_redirects_http_to_https(nginx_front):
    status, headers, _body = http_get(nginx_front["http_port"], "/bai/mot-bai/")

    assert status == 301
    assert headers["location"] == "https://tin.example.vn/bai/mot-bai/"


def test_nginx_micro_caches_anonymous_pages(nginx_front):
    first = http_get(nginx_front["https_port"], "/khong-co-trang-nay/", tls=True)
    second = http_get(nginx_front["https_port"], "/khong-co-trang-nay/", tls=True)

    assert (first[0], first[1]["x-cache-status"]) == (404, "MISS")
    assert (second[0], second[1]["x-cache-status"]) == (404, "HIT")
    assert second[2] == first[2]
    # Django's own headers come through the cache.
    assert second[1]["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"


def test_nginx_bypasses_the_cache_for_a_session(nginx_front):
    http_get(nginx_front["https_port"], "/trang-cho-phien/", tls=True)

    status, headers, _body = http_get(nginx_front["https_port"], "/trang-cho-phien/", tls=True,
                                      Cookie="sessionid=abc123")

    assert (status, headers["x-cache-status"]) == (404, "BYPASS")


def test_nginx_never_caches_admin_and_healthz(nginx_front, gunicorn_site):
    for path in ["/admin/login/", "/healthz"]:
        for _request in range(2):
            status, headers, _body = http_get(nginx_front["https_port"], path, tls=True)
            assert status == 200
            assert "x-cache-status" not in headers


def test_nginx_serves_static_and_media_from_disk(nginx_front, gunicorn_site):
    manifest = json.loads((gunicorn_site["root"] / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    status, headers, _body = http_get(nginx_front["https_port"], f"/static/{hashed}?via-nginx", tls=True)
    assert status == 200
    assert headers["cache-control"].endswith("public, immutable")
    assert headers["server"] == "nginx"

    status, headers, body = http_get(nginx_front["https_port"], "/media/photos/anh.jpg", tls=True)
    assert (status, body) == (200, b"\xff\xd8\xff\xe0 not really a jpeg")
    assert "sandbox" in headers["content-security-policy"]

    # Neither request reached gunicorn.
    log = gunicorn_site["log"].read_text()
    assert "?via-nginx" not in log
    assert "/media/photos/anh.jpg" not in log


def test_production_reuses_postgresql_connections_with_health_checks():
    values = read_settings(["DATABASES"], DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom",
                           **PRODUCTION_ENV)["DATABASES"]["default"]

    assert (values["ENGINE"], values["HOST"], values["NAME"]) == (
        "django.db.backends.postgresql", "db.internal", "newsroom")
    assert values["CONN_MAX_AGE"] == 60
    assert values["CONN_HEALTH_CHECKS"] is True

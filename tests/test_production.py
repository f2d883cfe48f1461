"""DJANGO_ENV=production: the settings contract, checked in fresh processes.

Settings are read once per process, so each case starts `manage.py` or a tiny
Python snippet in a subprocess with exactly the environment it describes.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management.utils import get_random_secret_key

from newsroom.settings import cache_settings

# Variables that change what the settings module does; each case sets its own.
_SETTINGS_VARIABLES = {
    "DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "REDIS_URL", "DATABASE_REPLICA_URL", "STATIC_ROOT",
    "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ENDPOINT_URL", "CSP_IMG_SRC_EXTRA",
}

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
    "ALLOWED_HOSTS": "tin.example.vn,www.tin.example.vn",
}


def run(args, **env):
    clean = {name: value for name, value in os.environ.items() if name not in _SETTINGS_VARIABLES}
    return subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def read_settings(names, **env):
    """The named settings as a fresh process with this environment sees them."""
    code = ("import json, django; from django.conf import settings; django.setup(); "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))")
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_error(**env) -> str:
    """The last line of the traceback when the settings refuse this environment."""
    result = run(["-c", "import django; django.setup()"], DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


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
    assert read_settings(["CACHES"]) == {"CACHES": {"default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}}


def test_redis_url_selects_the_redis_cache():
    values = read_settings(["CACHES", "SESSION_ENGINE"], REDIS_URL="redis://10.0.0.5:6379/2")

    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
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

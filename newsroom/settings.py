"""Settings for the Newsroom project, read from the environment.

With no variable set this gives a working development site on the embedded
SQLite database under var/. Every variable is listed in docs/operators.md ("Settings");
.env.example is a starting point for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean variable strictly: anything but a known spelling is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# DJANGO_ENV=production (a contract name) turns on the production block at the
# end of this file: DEBUG off, HTTPS-only cookies, HSTS, required hosts and key.
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

# The development key is refused whenever DEBUG is off.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs SECRET_KEY: a random string of at least 50 characters, e.g. from "
        "python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'.")
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public site identity: used in feeds, structured data and absolute links.
SITE_NAME = os.environ.get("SITE_NAME", "Cổng thông tin điện tử thành phố")
# In development it follows the address `make run HOST=... PORT=...` serves on (the
# Makefile passes them as DEV_HOST and DEV_PORT); production must set it (a
# `check --deploy` error).
SITE_URL_IS_SET = bool(os.environ.get("SITE_URL", "").strip())
SITE_URL = (os.environ.get("SITE_URL", "").strip()
            or f"http://{os.environ.get('DEV_HOST', '127.0.0.1')}:{os.environ.get('DEV_PORT', '8000')}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "articles",
    "photos",
    "authors",
    "awards",
    "pagecache",
    "backups",
    "royalties",
    "readership",
    "documents",
    "demo",
    "newsroom",
]

MIDDLEWARE = [
    # First: a page-cache hit is answered before the rest of the stack runs, with the headers
    # the stack gave the page when it was stored (pagecache/middleware.py).
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the database with a request value: NUL bytes are a 400 (PostgreSQL refuses them).
    "newsroom.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in Vietnamese whatever the browser's language, unless the user chose one.
    "newsroom.middleware.VietnameseAdminMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# The embedded default is an SQLite file under var/; PostgreSQL through
# DATABASE_URL=postgres://user@host:5432/name.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers and one writer at a time without "database is locked".
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

TAGGIT_CASE_INSENSITIVE = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


# --- Editorial workflow (docs/developers.md, "Roles and workflow") ---------------------------------------
# Workflow emails go through Django's email backend (console by default); with
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend these reach the server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A slow mail server must not hold a request for long (the transition is already stored).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Lifetime of signed preview links made by editors, in hours.
PREVIEW_LINK_HOURS = env_int("PREVIEW_LINK_HOURS", 48)

# --- Photos (docs/developers.md, "Photos") -------------------------------------------------
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
# Pixel limits, checked from the header before any pixel is decoded (photos/validation.py).
# JPEG is decoded at reduced scale (Image.draft): 50 MP takes every press camera up to 46 MP.
# PNG, WebP and GIF are decoded whole (4 to 15 bytes a pixel): 16 MP keeps one upload near 250 MB.
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 50_000_000)
PHOTO_MAX_PIXELS_FULL_DECODE = env_int("PHOTO_MAX_PIXELS_FULL_DECODE", 16_000_000)
# Lifetime of the signed addresses of photos not yet on a live article (admin, previews).
PHOTO_SIGNED_URL_SECONDS = env_int("PHOTO_SIGNED_URL_SECONDS", 3600)
try:
    PHOTO_RENDITION_WIDTHS = [int(width) for width in env_list("PHOTO_RENDITION_WIDTHS", ["480", "960", "1600"])]
except ValueError:
    raise ImproperlyConfigured("PHOTO_RENDITION_WIDTHS must be widths in pixels, e.g. 480,960,1600.") from None
# Originals (with their EXIF/GPS) are kept outside MEDIA_ROOT and never served.
PHOTO_ORIGINALS_ROOT = Path(os.environ.get("PHOTO_ORIGINALS_ROOT", BASE_DIR / "var" / "photo-originals"))

# Media: the filesystem under MEDIA_ROOT, or S3-compatible object storage shared
# by several app servers (MEDIA_STORAGE=s3, django-storages).
def media_storages(environ) -> dict:
    """The "default" (public renditions) and "photo_originals" (private) storages."""
    kind = environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "photo_originals": {"BACKEND": "photos.storage.OriginalsFileStorage"}}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {kind!r}.")
    s3 = {
        "bucket_name": environ.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    if not s3["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            **s3, "location": environ.get("AWS_S3_MEDIA_PREFIX", "media"), "querystring_auth": False,
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None}},
        # Same bucket, under a prefix that the bucket policy keeps private; signed URLs only.
        "photo_originals": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            **s3, "location": environ.get("AWS_S3_ORIGINALS_PREFIX", "private/originals"),
            "querystring_auth": True}},
    }


STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    **media_storages(os.environ),
}


# ---------------------------------------------------------------------------
# Production (DJANGO_ENV=production): what `manage.py check --deploy` asks for.
# Every variable here is documented in docs/operators.md, "Settings".
if PRODUCTION:
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated host names).")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Off only where the proxy in front already redirects http to https.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Safe because the proxy (deploy/nginx.conf) always overwrites this header
    # and gunicorn listens on a private address only.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe /healthz over plain http on each app server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ---------------------------------------------------------------------------
# Security headers on every response (docs/operators.md, "Security headers").
# SecurityMiddleware sends nosniff and the Referrer-Policy, XFrameOptionsMiddleware
# X-Frame-Options, django-csp the Content Security Policy: no inline script or
# style anywhere, the admin included (Django 5.2's admin needs none).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"


def _origin(url: str) -> str | None:
    """https://host[:port] of an absolute URL, None for a relative one."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else None


# Images may come from the media storage's own domain (S3 custom domain or endpoint).
_MEDIA_ORIGINS = [origin for origin in (
    _origin(MEDIA_URL),
    _origin("https://" + os.environ["AWS_S3_CUSTOM_DOMAIN"]) if os.environ.get("AWS_S3_CUSTOM_DOMAIN") else None,
    _origin(os.environ.get("AWS_S3_ENDPOINT_URL", "")),
) if origin]
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware") + 1,
                  "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": list(dict.fromkeys(["'self'", "data:", *_MEDIA_ORIGINS, *env_list("CSP_IMG_SRC_EXTRA", [])])),
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        # Video blocks load the provider's privacy-enhanced player only after a click
        # (static/js/video.js; the origins are articles.body.EMBED_ORIGINS).
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# ---------------------------------------------------------------------------
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES.
# Counts live in the database, shared by every app server.
INSTALLED_APPS.append("axes")
AUTHENTICATION_BACKENDS = [
    "newsroom.auth_backends.LoginLockoutBackend",  # axes' AxesStandaloneBackend, first
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes asks
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.auth_backends.lockout_response"
AXES_COOLOFF_MESSAGE = _("Đăng nhập sai quá nhiều lần: tài khoản tạm bị khóa. Vui lòng thử lại sau.")
AXES_CLIENT_IP_CALLABLE = "newsroom.auth_backends.client_ip"
# How many proxies in front append to X-Forwarded-For: 1 behind deploy/nginx.conf,
# 0 (REMOTE_ADDR) when nothing is in front. Too high lets clients pick their address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# ---------------------------------------------------------------------------
# Static files by whitenoise (docs/operators.md, "Deployment"). In production the
# files come from STATIC_ROOT after `collectstatic`, compressed and with hashed
# names cached for a year; in development and tests straight from the app
# folders, so no collectstatic is needed.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Keeps a "default" (media) storage configured earlier in this file (S3).
STORAGES.setdefault("default", {"BACKEND": "django.core.files.storage.FileSystemStorage"})
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
                           else "django.contrib.staticfiles.storage.StaticFilesStorage"}

# ---------------------------------------------------------------------------
# Cache (docs/developers.md, "Caching"; docs/operators.md, "Caching and Redis"): local memory in one process by default; Redis,
# shared by every app server, when REDIS_URL is set. Sessions stay in the database.
def cache_settings(redis_url: str) -> dict:
    """CACHES for a Redis URL (redis://host:6379/0), or local memory for "".

    "local" is each process's own small copy of what it read from the shared cache
    under the current content generation (pagecache/), which saves a
    round trip to Redis per page part.
    """
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom-local",
             "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 500)}}
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"},
                "local": local}
    return {"default": {
        "BACKEND": "pagecache.redis_cache.RedisCache",  # Django's, reusing its redis client
        "LOCATION": redis_url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        # A stalled Redis fails a request in seconds instead of hanging a worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }, "local": local}


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = cache_settings(REDIS_URL)

# Public page cache (pagecache/): how long a page is kept, and how
# long a reverse proxy or CDN may serve it without asking again (s-maxage).
# Its invalidation lives in the cache, so it must be shared by every worker: in
# production it is on by default only with Redis (local memory is per process).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL or not PRODUCTION else 0)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 5)
# Parts of pages kept under the same content generation (pagecache/):
# an article's rendered body, the section menu, list lengths. They make a page
# that misses the page cache (or runs with it off) cheap to render. Same rule:
# shared cache only in production.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600 if REDIS_URL or not PRODUCTION else 0)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Apps whose models can show on a public page: a save, delete or m2m change of any
# of their models invalidates the page and fragment caches (pagecache/). An app
# with public pages adds its label here.
PAGE_CACHE_CONTENT_APPS = ["articles", "photos", "authors", "awards", "taggit", "documents"]
# When Redis is unreachable: how long a process serves without it before trying it
# again, and how often every process looks for invalidations that could not reach it.
PAGE_CACHE_RETRY_SECONDS = env_int("PAGE_CACHE_RETRY_SECONDS", 5)
PAGE_CACHE_RECHECK_SECONDS = env_int("PAGE_CACHE_RECHECK_SECONDS", 5)
# When public pages next change by themselves (each a function returning a datetime
# or None): a scheduled article going live, a document's status changing at
# midnight, a consultation opening or closing. The page cache starts a new
# generation at the earliest, with no job running.
PAGE_CACHE_NEXT_CHANGES = ["articles.selectors.next_scheduled_publication", "documents.selectors.next_status_change"]
# The article page's share image (og:image, JSON-LD image): made by the photos app.
ARTICLE_SHARE_IMAGE = "photos.renditions.og_image_url"

# Readership and statistics (docs/statistics.md). One view per client per article
# in this window (the beacon, articles/public/counter.py); 0 counts every post.
VIEW_COUNT_WINDOW_SECONDS = env_int("VIEW_COUNT_WINDOW_SECONDS", 30 * 60)
# How long the "most read" block may lag the counter (its fragment changes key this often).
MOST_READ_SECONDS = env_int("MOST_READ_SECONDS", 300)
# The newsroom's target from submission to publication, in working hours; the working
# periods of a weekday (Monday to Friday, local time) and the holidays (ISO dates) that do not count.
PUBLISH_TARGET_WORKING_HOURS = env_int("PUBLISH_TARGET_WORKING_HOURS", 8)
PUBLISH_WORKING_PERIODS = env_list("PUBLISH_WORKING_PERIODS", ["07:30-11:30", "13:30-17:00"])
PUBLISH_HOLIDAYS = env_list("PUBLISH_HOLIDAYS", [])
# The public counter in the footer (lượt truy cập hôm nay, tổng lượt truy cập): off by default.
PUBLIC_VISIT_COUNTER = env_bool("PUBLIC_VISIT_COUNTER", False)

# ---------------------------------------------------------------------------
# Read replica (docs/operators.md, "Multi-server layout"): DATABASE_REPLICA_URL adds the
# `replica` database, used for the reads of anonymous public requests only.
# Without it, no router and no middleware are installed at all.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 60),
                                                 conn_health_checks=True)
    # Tests never create a database on the replica: it stands for the primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "newsroom.middleware.ReplicaReadsMiddleware")

# ---------------------------------------------------------------------------
# Documents register and consultations on drafts (docs/documents.md).
# Document files live outside MEDIA_ROOT and are served by a view (no guessable address).
DOCUMENT_FILES_ROOT = Path(os.environ.get("DOCUMENT_FILES_ROOT", BASE_DIR / "var" / "document-files"))
DOCUMENT_MAX_UPLOAD_MB = env_int("DOCUMENT_MAX_UPLOAD_MB", 20)
# Public comments: the least time between showing the form and sending it, how many
# comments one address may send per window, and the longest comment.
DOCUMENT_COMMENT_MIN_SECONDS = env_int("DOCUMENT_COMMENT_MIN_SECONDS", 5)
DOCUMENT_COMMENT_RATE_LIMIT = env_int("DOCUMENT_COMMENT_RATE_LIMIT", 5)
DOCUMENT_COMMENT_RATE_WINDOW_SECONDS = env_int("DOCUMENT_COMMENT_RATE_WINDOW_SECONDS", 3600)
DOCUMENT_COMMENT_MAX_CHARS = env_int("DOCUMENT_COMMENT_MAX_CHARS", 5000)

# /healthz checks these database aliases (newsroom/health.py): all of them.
HEALTHZ_DATABASES = list(DATABASES)


"""The public page cache: anonymous GETs served from Django's cache framework.

One rule keeps it correct: every cached page is stored under the current
*content generation*, a number kept in the cache. Any change to content that a
public page can show (an article, its photos, tags, byline, a section, an
author, an award) bumps the generation, so every page that could show it is
invalidated at once: home, its section, its tags, its authors, feeds, search.
A newsroom publishes and corrects a few times an hour and is read thousands of
times a minute, so dropping all pages on each change costs little and can never
leave a stale page behind.

A scheduled article goes live at its time with no job running: the time of the
next scheduled publication is kept beside the generation, and the first request
after it bumps the generation.

A hit needs no database query. Requests that carry a session cookie (staff,
anyone logged in) and responses that set cookies are never cached.

The same rule keeps the fragment cache correct (fragment()): parts of pages kept
under the generation, so that a page the page cache misses is still cheap. Each
process keeps its own copy of generation-keyed entries (the "local" cache);
only the generation itself is read from the shared cache on every request.
"""

import contextvars
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_SCHEDULED_KEY = "page-cache:next-scheduled"
# Never served from the page cache, whatever their response.
BYPASS_PREFIXES = ("/admin/", "/healthz", "/i18n/", "/ngon-ngu/", "/xem-truoc/", "/v/", "/static/", "/media/")
# What this request has already read from the cache (see live_generation); None
# outside a request, where nothing is remembered.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("page_cache_request", default=None)


def current_generation() -> tuple[int, float | None]:
    values = cache.get_many([GENERATION_KEY, NEXT_SCHEDULED_KEY])
    generation = values.get(GENERATION_KEY)
    if generation is None:  # a new or emptied cache
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation, values.get(NEXT_SCHEDULED_KEY)


def _new_generation() -> int:
    # From the clock, not 0: after Redis restarts empty, a process's local copies
    # (kept under the old generation) can never be taken for the new one's.
    return time.time_ns() // 1000


def live_generation() -> int:
    """The current generation, first bumped if a scheduled article has gone live since.

    Read from the cache once per request (the middleware clears the memo), however
    many fragments the page has.
    """
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation, next_scheduled = current_generation()
    if next_scheduled is not None and next_scheduled <= timezone.now().timestamp():
        bump_generation("a scheduled article went live")
        generation, _ = current_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def fragment(name: str, build, *key_parts):
    """build()'s value, kept under the current generation for FRAGMENT_CACHE_SECONDS.

    For the parts of pages that cost queries and rendering (an article page's
    rendered parts, the section menu, a list's length): the same invalidation
    rule as whole pages. None (nothing found) is not kept. With
    FRAGMENT_CACHE_SECONDS = 0 (no shared cache) it is built every time.
    """
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    key = ":".join(["fragment", name, str(live_generation()), *map(str, key_parts)])
    value = _get(key, settings.FRAGMENT_CACHE_SECONDS)
    if value is None:
        value = build()
        if value is not None:
            _set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def _get(key: str, seconds: int):
    """A generation-keyed entry: this process's copy, else the shared cache's (then copied).

    A copy is never stale: its key holds the generation, read from the shared
    cache at the start of the request, and a key is never reused.
    """
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.set(key, value, seconds)
    return value


def _set(key: str, value, seconds: int) -> None:
    cache.set(key, value, seconds)
    caches["local"].set(key, value, seconds)


def bump_generation(reason: str = "") -> None:
    """Invalidate every cached page."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    remember_next_scheduled()
    logger.debug("page cache generation bumped (%s)", reason)


def remember_next_scheduled() -> None:
    """Keep the time of the next scheduled publication, or forget it when there is none."""
    from articles.models import Article, Status

    upcoming = (Article.objects.filter(status=Status.SCHEDULED, publish_at__gt=timezone.now())
                .order_by("publish_at").values_list("publish_at", flat=True).first())
    if upcoming is None:
        cache.delete(NEXT_SCHEDULED_KEY)
    else:
        cache.set(NEXT_SCHEDULED_KEY, upcoming.timestamp(), timeout=None)


def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD")
            and settings.PAGE_CACHE_SECONDS > 0
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(BYPASS_PREFIXES))


def _key(request, generation: int) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()
    return f"page-cache:{generation}:{language}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self._respond(request)
        finally:
            _request_memo.reset(token)

    def _respond(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, live_generation())
        cached = _get(key, settings.PAGE_CACHE_SECONDS)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if response.status_code in (200, 301, 404) and not response.cookies and not response.streaming \
                and "Cookie" not in response.get("Vary", ""):
            self._finish(response)
            _set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _finish(response):
        """Validators and shared-cache rules, so a reverse proxy or CDN can cache too."""
        if response.status_code == 200:
            if not response.has_header("ETag"):
                response["ETag"] = '"%s"' % hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date()
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_CACHE_SECONDS,
                            must_revalidate=True)


def _never_public(instance) -> bool:
    """True for a draft's own rows: a reporter's typing cannot change a public page."""
    from articles.models import Article, Status

    article = instance if isinstance(instance, Article) else getattr(instance, "article", None)
    if not isinstance(article, Article):
        return False
    return article.publish_at is None and article.status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED)


def _content_changed(sender, instance=None, raw=False, **kwargs):
    if sender._meta.app_label not in settings.PAGE_CACHE_CONTENT_APPS:
        return
    # Rows loaded by loaddata (raw) may point at rows not loaded yet: do not look at them.
    if raw or instance is None or not _never_public(instance):
        bump_generation(f"{sender._meta.label} changed")


post_save.connect(_content_changed, dispatch_uid="page-cache-post-save")
post_delete.connect(_content_changed, dispatch_uid="page-cache-post-delete")
m2m_changed.connect(_content_changed, dispatch_uid="page-cache-m2m")

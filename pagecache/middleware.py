"""The public page cache: anonymous GETs served from Django's cache framework.

First in MIDDLEWARE: a hit is answered before any other middleware runs, with
the response exactly as the whole stack finished it when it was stored
(security headers, CSP, Vary, Content-Language are in it), and only
ConditionalGetMiddleware's work (304 for a matching If-None-Match) done again.
A hit needs no database query. Requests that carry a session cookie (staff,
anyone logged in), plain-HTTP requests when SECURE_SSL_REDIRECT is on (the
stack redirects them) and requests with a NUL byte (the stack refuses them) are
never served from it; responses that set cookies or vary on them, and 404s, are
never stored. A page is keyed on its path, language and the query parameters
its view reads (pagecache/urls.py): tracking parameters never make a new entry.

A page is kept under the content generation (in its key) and under what it
showed (fragments.py): by default the lists' generation, which every change of
an article moves; a page that names its scopes (the article page) only under
those, so a publish elsewhere leaves it in the cache. See the package docstring.
"""

import hashlib

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from . import fragments
from .generation import _request_memo, lists_generation, live_generation, request_memo, scope_generations
from .urls import ALL_PARAMS, bypass_prefixes, is_tracking, params_read_by

NUL = "\x00"


def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD")
            and settings.PAGE_CACHE_SECONDS > 0
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not (settings.SECURE_SSL_REDIRECT and not request.is_secure())
            and not request.path.startswith(bypass_prefixes())
            and NUL not in request.path_info
            and not any(NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()))


def _language(request) -> str:
    """The language LocaleMiddleware will choose for this request (it runs after this middleware)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    if (i18n_patterns_used and not prefixed_default_language
            and not translation.get_language_from_path(request.path_info)):
        language = settings.LANGUAGE_CODE
    return language


def _key(request, generation: int) -> str:
    """The page's path, its language and the query parameters it reads (sorted): nothing else."""
    wanted = params_read_by(request.path_info)
    query = sorted((name, value) for name, values in request.GET.lists() for value in values
                   if not is_tracking(name) and (wanted is ALL_PARAMS or name in wanted))
    digest = hashlib.sha1(repr((request.path, query)).encode()).hexdigest()
    return f"page-cache:{generation}:{_language(request)}:{digest}"


def _still_valid(entry: dict) -> bool:
    lists = lists_generation()
    if entry["seen"] == lists:
        return True  # no article has changed since it was stored (every change moves the lists' generation)
    if entry["lists"] is not None:
        return False
    return bool(entry["scopes"]) and scope_generations(list(entry["scopes"])) == entry["scopes"]


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        # What ConditionalGetMiddleware does to a response, for hits (which skip it).
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        with request_memo():
            return self._respond(request)

    def _respond(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        generation = live_generation()
        if generation is None:  # the shared cache is away: render every page (slower, never stale)
            return self.get_response(request)
        key = _key(request, generation)
        entry = fragments.get(key, settings.PAGE_CACHE_SECONDS)
        if entry is not None and _still_valid(entry):
            if entry["seen"] != lists_generation():  # still valid after a change elsewhere: say so, once
                fragments.put(key, {**entry, "seen": lists_generation()}, settings.PAGE_CACHE_SECONDS)
            cached = entry["response"]
            cached["X-Page-Cache"] = "hit"
            return self.conditional.process_response(request, cached)
        response = self.get_response(request)
        deps = _request_memo.get().get("deps") or {"exact": False, "lists": False, "scopes": {}, "unsafe": False}
        # Never a 404: every random path would be a new entry (the cache must stay bounded).
        if response.status_code in (200, 301) and not response.cookies and not response.streaming \
                and "Cookie" not in response.get("Vary", "") and not deps["unsafe"]:
            lists = lists_generation() if deps["lists"] or not deps["exact"] else None
            self._finish(response)
            if len(response._container) > 1:
                # Written in pieces (a feed: one per element): kept and sent as one.
                response.content = response.content
            fragments.put(key, {"response": response, "lists": lists, "scopes": dict(deps["scopes"]),
                                "seen": lists_generation()}, settings.PAGE_CACHE_SECONDS)
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

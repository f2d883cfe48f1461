"""The public page cache: anonymous GETs served from Django's cache framework.

A hit needs no database query. Requests that carry a session cookie (staff,
anyone logged in), responses that set cookies and 404s are never cached. A page
is keyed on its path, language and the query parameters its view reads
(pagecache/urls.py): tracking parameters never make a new entry. Pages are
kept under the content generation (generation.py): see the package docstring.
"""

import hashlib

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from . import fragments
from .generation import live_generation, request_memo
from .urls import ALL_PARAMS, bypass_prefixes, is_tracking, params_read_by


def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD")
            and settings.PAGE_CACHE_SECONDS > 0
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(bypass_prefixes()))


def _key(request, generation: int) -> str:
    """The page's path, its language and the query parameters it reads (sorted): nothing else."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    wanted = params_read_by(request.path_info)
    query = sorted((name, value) for name, values in request.GET.lists() for value in values
                   if not is_tracking(name) and (wanted is ALL_PARAMS or name in wanted))
    digest = hashlib.sha1(repr((request.path, query)).encode()).hexdigest()
    return f"page-cache:{generation}:{language}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

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
        cached = fragments.get(key, settings.PAGE_CACHE_SECONDS)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        # Never a 404: every random path would be a new entry (the cache must stay bounded).
        if response.status_code in (200, 301) and not response.cookies and not response.streaming \
                and "Cookie" not in response.get("Vary", ""):
            self._finish(response)
            fragments.put(key, response, settings.PAGE_CACHE_SECONDS)
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

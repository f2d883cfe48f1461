"""The public page cache: anonymous GETs served from Django's cache framework.

A hit needs no database query. Requests that carry a session cookie (staff,
anyone logged in) and responses that set cookies are never cached. Pages are
kept under the content generation (generation.py): see the package docstring.
"""

import hashlib

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from . import fragments
from .generation import live_generation, request_memo
from .urls import bypass_prefixes


def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD")
            and settings.PAGE_CACHE_SECONDS > 0
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(bypass_prefixes()))


def _key(request, generation: int) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha1(request.get_full_path().encode()).hexdigest()
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
        key = _key(request, live_generation())
        cached = fragments.get(key, settings.PAGE_CACHE_SECONDS)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if response.status_code in (200, 301, 404) and not response.cookies and not response.streaming \
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

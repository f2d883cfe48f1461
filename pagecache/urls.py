"""What the URLconf says about caching: the addresses the page cache never serves.

A view marks itself with @exempt (previews, the view beacon, health, language
switch); the admin is exempt as a whole. The prefixes are read from the root
URLconf once per process (and again when ROOT_URLCONF changes in tests), so no
hand-kept list can drift from the URLs.
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import URLPattern, URLResolver, get_resolver

EXEMPT_NAMESPACES = {"admin"}


def exempt(view):
    """Mark a view that the page cache must never serve or store."""
    view.page_cache_exempt = True
    return view


def _literal_prefix(pattern) -> str:
    """The part of a route before its first converter or regex group: "xem-truoc/<token>/" -> "xem-truoc/"."""
    text = str(pattern.pattern)
    text = text.lstrip("^")
    return re.split(r"[<(\[\\$?*+.]", text, maxsplit=1)[0]


def _walk(patterns, prefix: str):
    for entry in patterns:
        here = prefix + _literal_prefix(entry)
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                yield here
            else:
                yield from _walk(entry.url_patterns, here)
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "page_cache_exempt", False):
            yield here


@functools.lru_cache(maxsize=4)
def _bypass_prefixes(urlconf: str) -> tuple[str, ...]:
    prefixes = {"/" + path for path in _walk(get_resolver(urlconf).url_patterns, "")}
    prefixes |= {url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")}
    return tuple(sorted(prefixes))


def bypass_prefixes() -> tuple[str, ...]:
    """Path prefixes the page cache never serves, from the URLconf."""
    return _bypass_prefixes(settings.ROOT_URLCONF)


@receiver(setting_changed)
def _forget(**kwargs):
    _bypass_prefixes.cache_clear()

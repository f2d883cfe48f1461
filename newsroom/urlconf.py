"""What the URLconf itself says, read at run time so no hand-kept list can drift from it.

- first_segments(): the literal first path segments the site's URLs use
  ("admin", "tac-gia", "the", ...), which a section slug must not take, since
  the article address /<section>/<slug>/ would then hide behind another page.
- walk(): every pattern with its literal prefix, for pagecache/urls.py.
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import URLResolver, get_resolver


def literal_prefix(pattern) -> str:
    """The part of a route before its first converter or regex group: "xem-truoc/<token>/" -> "xem-truoc/"."""
    text = str(pattern.pattern).lstrip("^")
    return re.split(r"[<(\[\\$?*+.]", text, maxsplit=1)[0]


def walk(patterns, prefix: str = ""):
    """(literal prefix, pattern or resolver) for every entry, resolvers before their children."""
    for entry in patterns:
        here = prefix + literal_prefix(entry)
        yield here, entry
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, here)


@functools.lru_cache(maxsize=4)
def _first_segments(urlconf: str) -> frozenset[str]:
    segments = {prefix.split("/", 1)[0] for prefix, _entry in walk(get_resolver(urlconf).url_patterns)}
    segments |= {url.strip("/").split("/", 1)[0] for url in (settings.STATIC_URL, settings.MEDIA_URL) if url}
    return frozenset(segment for segment in segments if segment)


def first_segments() -> frozenset[str]:
    return _first_segments(settings.ROOT_URLCONF)


@receiver(setting_changed)
def _forget(**kwargs):
    _first_segments.cache_clear()

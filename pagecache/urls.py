"""What the URLconf says about caching: the addresses the page cache never serves,
and the query parameters each page reads.

A view marks itself with @exempt (previews, the view beacon, health, language
switch); the admin is exempt as a whole. The prefixes are read from the root
URLconf once per process (and again when ROOT_URLCONF changes in tests), so no
hand-kept list can drift from the URLs.

A view names the query parameters it reads with @reads_params("page", ...) (or a
`page_cache_params` attribute on its class): the page cache keys a page on those
only, so /?utm_source=1, =2, ... are one cached page, not a new one each. A view
that names none is keyed on every parameter except the tracking ones.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from newsroom.urlconf import walk

EXEMPT_NAMESPACES = {"admin"}
# Parameters that analytics and ad links add, which no page reads.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "_ga",
                             "_gl", "mc_cid", "mc_eid", "zarsrc", "utm_id"})
TRACKING_PREFIXES = ("utm_",)
# Unknown (no declaration): every non-tracking parameter counts.
ALL_PARAMS = None


def exempt(view):
    """Mark a view that the page cache must never serve or store."""
    view.page_cache_exempt = True
    return view


def reads_params(*names: str):
    """Declare the query parameters a view reads (the page cache ignores every other one)."""
    def mark(view):
        view.page_cache_params = frozenset(names)
        return view
    return mark


def is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


@functools.lru_cache(maxsize=4096)
def _params_of(urlconf: str, path: str):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return frozenset()
    view = match.func
    declared = getattr(view, "page_cache_params", None)
    if declared is None and hasattr(view, "view_class"):
        declared = getattr(view.view_class, "page_cache_params", None)
    return ALL_PARAMS if declared is None else frozenset(declared)


def params_read_by(path: str):
    """The query parameters the page at `path` reads, or ALL_PARAMS when its view does not say."""
    return _params_of(settings.ROOT_URLCONF, path)


def _exempt_prefixes(patterns):
    skip = ()
    for prefix, entry in walk(patterns):
        if skip and prefix.startswith(skip):
            continue  # inside an exempt namespace: already covered by its prefix
        if isinstance(entry, URLResolver) and entry.namespace in EXEMPT_NAMESPACES:
            skip = (*skip, prefix)
            yield prefix
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "page_cache_exempt", False):
            yield prefix


@functools.lru_cache(maxsize=4)
def _bypass_prefixes(urlconf: str) -> tuple[str, ...]:
    prefixes = {"/" + path for path in _exempt_prefixes(get_resolver(urlconf).url_patterns)}
    prefixes |= {url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/")}
    return tuple(sorted(prefixes))


def bypass_prefixes() -> tuple[str, ...]:
    """Path prefixes the page cache never serves, from the URLconf."""
    return _bypass_prefixes(settings.ROOT_URLCONF)


@receiver(setting_changed)
def _forget(**kwargs):
    _bypass_prefixes.cache_clear()
    _params_of.cache_clear()

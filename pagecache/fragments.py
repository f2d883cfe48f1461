"""Parts of pages kept under the content generation, so that a page the page cache misses is still cheap.

Each process keeps its own copy of generation-keyed entries (the "local" cache);
only the generation itself is read from the shared cache on every request.
"""

from django.conf import settings
from django.core.cache import cache, caches

from .generation import CacheUnavailable, _guarded, live_generation


def fragment(name: str, build, *key_parts):
    """build()'s value, kept under the current generation for FRAGMENT_CACHE_SECONDS.

    For the parts of pages that cost queries and rendering (an article page's
    rendered parts, the section menu, a list's length): the same invalidation
    rule as whole pages. None (nothing found) is not kept. With
    FRAGMENT_CACHE_SECONDS = 0 (no shared cache) it is built every time.
    """
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    generation = live_generation()
    if generation is None:  # the shared cache is away: build, keep nothing
        return build()
    key = ":".join(["fragment", name, str(generation), *map(str, key_parts)])
    value = get(key, settings.FRAGMENT_CACHE_SECONDS)
    if value is None:
        value = build()
        if value is not None:
            put(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def get(key: str, seconds: int):
    """A generation-keyed entry: this process's copy, else the shared cache's (then copied).

    A copy is never stale: its key holds the generation, read from the shared
    cache at the start of the request, and a key is never reused.
    """
    local = caches["local"]
    value = local.get(key)
    if value is None:
        try:
            value = _guarded(lambda: cache.get(key))
        except CacheUnavailable:
            return None
        if value is not None:
            local.set(key, value, seconds)
    return value


def put(key: str, value, seconds: int) -> None:
    try:
        _guarded(lambda: cache.set(key, value, seconds))
    except CacheUnavailable:
        return  # not kept locally either: other processes could not see it invalidated
    caches["local"].set(key, value, seconds)

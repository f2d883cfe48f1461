"""Parts of pages kept under the content generations, so that a page the page cache misses is still cheap.

Every part is kept under the global generation (in its key). Then either:

- `fragment()`: by default also under the lists' generation (in its key), which
  every change of an article moves: lists, and anything that does not say what
  it shows. `lists=False` for parts that show no article (the section menu).
- `scoped_fragment()`: a part that names the scopes it shows while it is built
  (`depend_on("articles.article:12", "articles.tag:5", ...)`): kept with the
  generations those scopes had, and used only while they are unchanged. The
  article page is one: a publish elsewhere leaves it in the cache.

What a request read (the lists' generation, scopes) is remembered in its memo
(generation.request_memo), so that the page cache keeps the whole page under
the same dependencies (middleware.py).

Each process keeps its own copy of entries (the "local" cache); the generations
themselves are read from the shared cache on every request.
"""

import contextvars

from django.conf import settings
from django.core.cache import cache, caches

from .generation import (CacheUnavailable, _guarded, _request_memo, lists_generation, lists_moved_since_request_start,
                         live_generation, scope_generations)

# The scopes named while a scoped fragment (or a page) is being built; None outside one.
_collecting: contextvars.ContextVar[set | None] = contextvars.ContextVar("page_cache_scopes", default=None)


def depend_on(*scopes: str) -> None:
    """Say that what scoped_fragment() is building shows these scopes (e.g. "articles.article:12").

    Outside a scoped fragment's build the page they are shown on is taken to
    depend on every list (dropped by any change of an article): the safe side.
    """
    collecting = _collecting.get()
    if collecting is not None:
        collecting.update(scopes)
        return
    deps = _page_deps()
    if deps is not None:
        deps["lists"] = True


def scope_of(model, pk) -> str:
    """The scope name of one row: "<app_label>.<model_name>:<pk>" (e.g. "articles.article:12")."""
    return f"{model._meta.label_lower}:{pk}"


def only_named_scopes() -> None:
    """Called by a view whose page shows nothing but its named scopes and parts
    (the article page): the page cache then keeps the page without the lists' generation."""
    deps = _page_deps()
    if deps is not None:
        deps["exact"] = True


def _page_deps() -> dict | None:
    memo = _request_memo.get()
    if memo is None:
        return None
    return memo.setdefault("deps", {"exact": False, "lists": False, "scopes": {}, "unsafe": False})


def fragment(name: str, build, *key_parts, lists: bool = True):
    """build()'s value, kept under the current generations for FRAGMENT_CACHE_SECONDS.

    For the parts of pages that cost queries and rendering (the section menu, a
    list's length, the most-read block). `lists`: the part shows articles (it is
    dropped by any change of one); False for a part that shows none. None (nothing
    found) is not kept. With FRAGMENT_CACHE_SECONDS = 0 it is built every time.
    """
    deps = _page_deps()
    if lists and deps is not None:
        deps["lists"] = True
    if not settings.FRAGMENT_CACHE_SECONDS:
        return build()
    generation = live_generation()
    if generation is None:  # the shared cache is away: build, keep nothing
        return build()
    stamp = f"{generation}.{lists_generation()}" if lists else str(generation)
    key = ":".join(["fragment", name, stamp, *map(str, key_parts)])
    value = get(key, settings.FRAGMENT_CACHE_SECONDS)
    if value is None:
        value = build()
        if value is not None:
            put(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def scoped_fragment(name: str, build, *key_parts):
    """build()'s value, kept with the generations of the scopes it named (depend_on) while built.

    Used while none of those scopes has changed (one round trip to read them); after
    any change to one, built again. Not kept when an article changed while it was
    being built (its reads could predate the change).
    """
    deps = _page_deps()
    generation = live_generation()
    keep = bool(settings.FRAGMENT_CACHE_SECONDS) and generation is not None
    if keep:
        key = ":".join(["scoped", name, str(generation), *map(str, key_parts)])
        entry = get(key, settings.FRAGMENT_CACHE_SECONDS)
        if entry is not None:
            # No article changed since it was built (every change moves the lists' generation),
            # or none of those it shows did.
            if entry["seen"] == lists_generation() or scope_generations(list(entry["scopes"])) == entry["scopes"]:
                if entry["seen"] != lists_generation():  # still valid after a change elsewhere: say so, once
                    put(key, {**entry, "seen": lists_generation()}, settings.FRAGMENT_CACHE_SECONDS)
                current = entry["scopes"]
                if deps is not None:
                    deps["scopes"].update(current)
                return entry["value"]
    token = _collecting.set(set())
    try:
        value = build()
        scopes = _collecting.get()
    finally:
        _collecting.reset(token)
    if value is None or generation is None:
        return value  # nothing found (the page says so itself), or the shared cache is away
    current = None if lists_moved_since_request_start() else scope_generations(sorted(scopes))
    if current is None:
        if deps is not None:
            deps["unsafe"] = True  # neither this part nor the page around it is kept
        return value
    if keep:
        put(key, {"scopes": current, "value": value, "seen": lists_generation()}, settings.FRAGMENT_CACHE_SECONDS)
    if deps is not None:
        deps["scopes"].update(current)
    return value


def get(key: str, seconds: int):
    """An entry: this process's copy, else the shared cache's (then copied).

    A copy is never stale: its key holds the generation, read from the shared
    cache at the start of the request, and a key is never reused; a scoped entry's
    scopes are checked against the shared cache on every use.
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

"""The content generations: the numbers every cached page and page part is kept under.

The global generation is in every key; bump_generation() moves it (everything
is dropped). bump_scopes() moves the lists' generation and the generations of
the scopes named (an article, a tag's or a section's related lists): what
depends on those is dropped, the rest stays (see the package docstring). All of
them are read in one round trip per request (live_generation, scope_generations);
a missing one starts from the clock. Every bump is repeated when the
transaction commits.

A scheduled article goes live at its time with no job running: the time of the
next scheduled publication is kept beside the generation, and the first request
after it bumps the generation. The same goes for any page that changes with
time alone (a document's legal status at midnight, a consultation closing).
Which times those are comes from the content apps (settings.PAGE_CACHE_NEXT_CHANGES,
dotted paths to functions returning a datetime or None), so that this app
imports none of them.

When the shared cache (Redis) is unreachable the site keeps working without it:
live_generation() answers None (pages and fragments are built, not cached), and
a bump that cannot reach it is written to the database (PendingInvalidation).
Once the cache answers again, a process that saw it fail applies those rows
(as one global bump, whatever they were)
before it serves anything from the cache, and every process looks for them at
least every PAGE_CACHE_RECHECK_SECONDS; so a Redis that comes back with its old
pages (a restart from its dump, a network partition healed) never serves a page
older than a change made while it was away. After a failure the cache is not
tried again for PAGE_CACHE_RETRY_SECONDS, so that a stalled Redis does not cost
every request its socket timeout.
"""

import contextvars
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_SCHEDULED_KEY = "page-cache:next-scheduled"
# Every list of articles (home, sections, tags, authors, search, feeds, sitemaps, ...)
# and every page that does not name what it shows depends on this one too.
LISTS_KEY = "page-cache:generation:lists"
# What a cache backend raises when its server is away (redis-py's errors; sockets).
CACHE_ERRORS = (RedisError, OSError)
# What this request has already read from the cache (see live_generation); None
# outside a request, where nothing is remembered.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("page_cache_request", default=None)
# This process's view of the shared cache: when it last failed, when pending rows were last looked for.
_state = {"down_until": 0.0, "saw_failure": False, "checked_at": time.monotonic()}


class CacheUnavailable(Exception):
    """The shared cache did not answer (or failed recently): build without it."""


@contextmanager
def request_memo():
    """Within a request: the generation is read from the shared cache once."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def shared_cache_available() -> bool:
    """False while the shared cache is known to be down (within PAGE_CACHE_RETRY_SECONDS of a failure)."""
    return time.monotonic() >= _state["down_until"]


def cache_failed(error: Exception) -> None:
    """Note a failure of the shared cache: skip it for PAGE_CACHE_RETRY_SECONDS."""
    if shared_cache_available():
        logger.warning("shared cache unavailable (%s): serving without it", error)
    _state["down_until"] = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
    _state["saw_failure"] = True


def _guarded(operation):
    if not shared_cache_available():
        raise CacheUnavailable
    try:
        return operation()
    except CACHE_ERRORS as error:
        cache_failed(error)
        raise CacheUnavailable from error


def current_generation() -> tuple[int, float | None]:
    """(generation, next scheduled publication timestamp); raises CacheUnavailable."""
    generation, next_scheduled, _lists, _scopes = _read_generations([])
    return generation, next_scheduled


def _read_generations(scope_names) -> tuple[int, float | None, int, dict]:
    """In one round trip: the generation, the next scheduled change, the lists' generation and
    the generations of `scope_names`; raises CacheUnavailable.

    A missing one (a new or emptied cache, a scope nobody changed yet, an evicted key)
    starts from the clock (see _new_generation), so that no name ever has a value again
    that something was kept under before.
    """
    def read():
        keys = [GENERATION_KEY, NEXT_SCHEDULED_KEY, LISTS_KEY, *map(scope_key, scope_names)]
        values = cache.get_many(keys)
        missing = [key for key in keys if key not in values and key != NEXT_SCHEDULED_KEY]
        if missing:
            for key in missing:
                cache.add(key, _new_generation(), timeout=None)
            values.update(cache.get_many(missing))
        return (values[GENERATION_KEY], values.get(NEXT_SCHEDULED_KEY), values[LISTS_KEY],
                {name: values[scope_key(name)] for name in scope_names})
    return _guarded(read)


def scope_key(name: str) -> str:
    return f"page-cache:generation:scope:{name}"


def _new_generation() -> int:
    # From the clock, not 0: after Redis restarts empty, a process's local copies
    # (kept under the old generation) can never be taken for the new one's.
    return time.time_ns() // 1000


def live_generation() -> int | None:
    """The current generation, first bumped if a scheduled article has gone live since,
    or None when the shared cache is unavailable (then nothing is cached).

    Read from the cache once per request (the middleware clears the memo), however
    many fragments the page has; the lists' generation comes in the same round trip.
    """
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    try:
        if not shared_cache_available():
            raise CacheUnavailable
        _apply_pending_if_due()
        generation, next_scheduled, lists, _ = _read_generations([])
        if next_scheduled is not None and next_scheduled <= timezone.now().timestamp():
            bump_generation("a scheduled change came due")
            generation, _, lists, _ = _read_generations([])
    except CacheUnavailable:
        generation = lists = None
    if memo is not None:
        memo["generation"], memo["lists"] = generation, lists
    return generation


def lists_generation() -> int | None:
    """The lists' generation, as this request first read it (None: the shared cache is away)."""
    memo = _request_memo.get()
    if memo is None:
        try:
            return _read_generations([])[2] if live_generation() is not None else None
        except CacheUnavailable:
            return None
    if "generation" not in memo:
        live_generation()
    return memo.get("lists")


def scope_generations(scopes) -> dict | None:
    """{scope: generation} for scope names such as "articles.article:12", each read from the
    shared cache once per request; None when it is away."""
    memo = _request_memo.get()
    known = memo.setdefault("scopes", {}) if memo is not None else {}
    wanted = [name for name in scopes if name not in known]
    if wanted:
        try:
            known.update(_read_generations(wanted)[3])
        except CacheUnavailable:
            return None
    return {name: known[name] for name in scopes}


def lists_moved_since_request_start() -> bool:
    """True when an article changed since this request first read the generations: what it
    built may be older than the generations it would now be kept under (do not keep it)."""
    first = lists_generation()
    try:
        return first is None or _read_generations([])[2] != first
    except CacheUnavailable:
        return True


def bump_generation(reason: str = "") -> None:
    """Invalidate every cached page and page part; if the cache is away, as soon as it is back."""
    _bump([GENERATION_KEY], reason)


def bump_scopes(scopes, reason: str = "") -> None:
    """Invalidate what shows these scopes (an article, the related lists of a tag, ...) and every list.

    Pages and parts that named the scopes they show (the article page) are dropped only
    when one of theirs changes; everything else depends on the lists' generation and is
    dropped too. If the cache is away, everything is dropped as soon as it is back.
    """
    _bump([LISTS_KEY, *map(scope_key, sorted(set(scopes)))], reason)


def _bump(keys: list[str], reason: str) -> None:
    _forget_request_reads()
    try:
        for key in keys:
            _guarded(lambda: _incr(key))
        remember_next_scheduled()
    except CacheUnavailable:
        _record_pending(reason)
        return
    logger.debug("page cache generations bumped (%s): %s", reason, keys)
    # Once more when the change is committed: a request that read the database before the
    # commit but the generations after the first bump kept what it built under generations
    # that this second bump leaves behind.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_after_commit(keys, reason))


def _bump_after_commit(keys: list[str], reason: str) -> None:
    _forget_request_reads()
    try:
        for key in keys:
            _guarded(lambda: _incr(key))
    except CacheUnavailable:
        _record_pending(reason)


def _forget_request_reads() -> None:
    memo = _request_memo.get()
    if memo is not None:
        for name in ("generation", "lists", "scopes"):
            memo.pop(name, None)


def _incr(key: str = GENERATION_KEY) -> None:
    try:
        cache.incr(key)
    except ValueError:  # none yet (or evicted): a new one from the clock
        cache.set(key, _new_generation(), timeout=None)


def remember_next_scheduled() -> None:
    """Keep the time of the next change that comes with time alone, or forget it when there is none."""
    times = [import_string(path)() for path in settings.PAGE_CACHE_NEXT_CHANGES]
    upcoming = min((moment for moment in times if moment is not None), default=None)
    if upcoming is None:
        _guarded(lambda: cache.delete(NEXT_SCHEDULED_KEY))
    else:
        _guarded(lambda: cache.set(NEXT_SCHEDULED_KEY, upcoming.timestamp(), timeout=None))


def _record_pending(reason: str) -> None:
    from .models import PendingInvalidation

    PendingInvalidation.objects.create(reason=reason[:200])
    logger.warning("page cache invalidation kept for later (%s)", reason)


def _apply_pending_if_due() -> None:
    """Apply invalidations recorded while the cache was away (see the module docstring)."""
    now = time.monotonic()
    if not _state["saw_failure"] and now - _state["checked_at"] < settings.PAGE_CACHE_RECHECK_SECONDS:
        return
    from .models import PendingInvalidation

    try:
        pending = list(PendingInvalidation.objects.values_list("pk", flat=True)[:1000])
    except DatabaseError:  # the database is away: cached pages may still be served (tests/ops)
        logger.warning("page cache: could not look for pending invalidations", exc_info=True)
        return
    if pending:
        _guarded(_incr)
        remember_next_scheduled()
        PendingInvalidation.objects.filter(pk__in=pending).delete()
        logger.info("page cache: applied %s invalidations kept while the cache was away", len(pending))
    _state["saw_failure"] = False
    _state["checked_at"] = now

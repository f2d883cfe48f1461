"""The content generation: the number every cached page and page part is kept under.

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
from django.db import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_SCHEDULED_KEY = "page-cache:next-scheduled"
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
    def read():
        values = cache.get_many([GENERATION_KEY, NEXT_SCHEDULED_KEY])
        generation = values.get(GENERATION_KEY)
        if generation is None:  # a new or emptied cache
            cache.add(GENERATION_KEY, _new_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        return generation, values.get(NEXT_SCHEDULED_KEY)
    return _guarded(read)


def _new_generation() -> int:
    # From the clock, not 0: after Redis restarts empty, a process's local copies
    # (kept under the old generation) can never be taken for the new one's.
    return time.time_ns() // 1000


def live_generation() -> int | None:
    """The current generation, first bumped if a scheduled article has gone live since,
    or None when the shared cache is unavailable (then nothing is cached).

    Read from the cache once per request (the middleware clears the memo), however
    many fragments the page has.
    """
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    try:
        if not shared_cache_available():
            raise CacheUnavailable
        _apply_pending_if_due()
        generation, next_scheduled = current_generation()
        if next_scheduled is not None and next_scheduled <= timezone.now().timestamp():
            bump_generation("a scheduled change came due")
            generation, _ = current_generation()
    except CacheUnavailable:
        generation = None
    if memo is not None:
        memo["generation"] = generation
    return generation


def bump_generation(reason: str = "") -> None:
    """Invalidate every cached page and page part; if the cache is away, as soon as it is back."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    try:
        _guarded(_incr)
        remember_next_scheduled()
    except CacheUnavailable:
        _record_pending(reason)
        return
    logger.debug("page cache generation bumped (%s)", reason)


def _incr() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)


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

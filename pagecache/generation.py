"""The content generation: the number every cached page and page part is kept under.

A scheduled article goes live at its time with no job running: the time of the
next scheduled publication is kept beside the generation, and the first request
after it bumps the generation. Which time that is comes from the content apps
(settings.PAGE_CACHE_NEXT_PUBLICATION, a dotted path to a function returning a
datetime or None), so that this app imports none of them.
"""

import contextvars
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_SCHEDULED_KEY = "page-cache:next-scheduled"
# What this request has already read from the cache (see live_generation); None
# outside a request, where nothing is remembered.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("page_cache_request", default=None)


@contextmanager
def request_memo():
    """Within a request: the generation is read from the shared cache once."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def current_generation() -> tuple[int, float | None]:
    values = cache.get_many([GENERATION_KEY, NEXT_SCHEDULED_KEY])
    generation = values.get(GENERATION_KEY)
    if generation is None:  # a new or emptied cache
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation, values.get(NEXT_SCHEDULED_KEY)


def _new_generation() -> int:
    # From the clock, not 0: after Redis restarts empty, a process's local copies
    # (kept under the old generation) can never be taken for the new one's.
    return time.time_ns() // 1000


def live_generation() -> int:
    """The current generation, first bumped if a scheduled article has gone live since.

    Read from the cache once per request (the middleware clears the memo), however
    many fragments the page has.
    """
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation, next_scheduled = current_generation()
    if next_scheduled is not None and next_scheduled <= timezone.now().timestamp():
        bump_generation("a scheduled article went live")
        generation, _ = current_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def bump_generation(reason: str = "") -> None:
    """Invalidate every cached page and page part."""
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    remember_next_scheduled()
    logger.debug("page cache generation bumped (%s)", reason)


def remember_next_scheduled() -> None:
    """Keep the time of the next scheduled publication, or forget it when there is none."""
    upcoming = import_string(settings.PAGE_CACHE_NEXT_PUBLICATION)()
    if upcoming is None:
        cache.delete(NEXT_SCHEDULED_KEY)
    else:
        cache.set(NEXT_SCHEDULED_KEY, upcoming.timestamp(), timeout=None)

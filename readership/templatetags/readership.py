"""Public blocks of readership: "Đọc nhiều" (most read) and the public visit counter.

Neither writes nor invalidates anything: views arrive thousands of times a
minute, so they never start a new content generation. The most-read block is
kept as a fragment under the content generation (an unpublished or trashed
article leaves it at once) and under a time slot of MOST_READ_SECONDS (so it
follows the views with that lag). The counter is kept in the cache for
VISIT_COUNTER_SECONDS.
"""

import time

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.fragments import fragment
from pagecache.generation import CACHE_ERRORS

from .. import selectors

register = template.Library()

VISIT_COUNTER_KEY = "readership:visit-counter"
VISIT_COUNTER_SECONDS = 60


def _time_slot() -> int:
    return int(time.time() // max(settings.MOST_READ_SECONDS, 1))


@register.simple_tag
def most_read(section=None):
    """The "Đọc nhiều" block for the site (home page) or for one section, rendered."""
    section_id = section.pk if section is not None else None

    def build():
        return render_to_string("readership/most_read.html", {
            "articles": selectors.most_read(section_id=section_id), "section": section})

    return mark_safe(fragment("most-read", build, get_language(), section_id or "site", _time_slot()))


@register.inclusion_tag("readership/visit_counter.html")
def public_visit_counter():
    """Lượt truy cập hôm nay / tổng lượt truy cập, when PUBLIC_VISIT_COUNTER is on (no query when off)."""
    if not settings.PUBLIC_VISIT_COUNTER:
        return {"totals": None}
    try:
        totals = cache.get(VISIT_COUNTER_KEY)
    except CACHE_ERRORS:
        totals = None
    if totals is None:
        totals = selectors.site_totals()
        try:
            cache.set(VISIT_COUNTER_KEY, totals, VISIT_COUNTER_SECONDS)
        except CACHE_ERRORS:
            pass
    return {"totals": totals}

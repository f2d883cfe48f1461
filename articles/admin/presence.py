"""Presence: who else has an article's form open ("Đang được sửa bởi … (từ HH:MM)"). Nothing is locked.

Kept in Django's cache (local memory in tests and development, Redis in
production, shared by every app server), not in a model: an entry lives a
minute, is written every 20 seconds by every open form, and losing it costs
nothing; a table would take a write per beat and need sweeping. One cache key
per article holds its open tabs ({tab: {user, name, since, seen}}); a beat
rewrites it (two beats at the same instant may drop one entry until that tab's
next beat, 20 seconds later). Entries older than EXPIRE_SECONDS are ignored and
dropped; a tab that closes ends its entry at once (the `pagehide` beacon of
articles/static/articles/presence.js). When Redis is down, presence shows
nothing and the form works as before: every cache call here is guarded, and
after a failure it is skipped for PAGE_CACHE_RETRY_SECONDS (pagecache's breaker),
so a stalled Redis does not slow every beat.
"""

import datetime
import time
import uuid

from django.core.cache import cache
from django.http import HttpResponseNotAllowed, JsonResponse
from django.contrib.admin.utils import unquote
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext

from pagecache.generation import CACHE_ERRORS, cache_failed, shared_cache_available

BEAT_SECONDS = 20  # how often an open form beats (presence.js reads it from the page)
EXPIRE_SECONDS = 60  # an entry not refreshed for this long is gone
MAX_TABS = 50  # per article: a crafted flood of tab ids cannot grow the entry without bound


def _key(article_id) -> str:
    return f"newsroom:presence:article:{article_id}"


def _read(article_id) -> dict:
    if not shared_cache_available():  # Redis failed moments ago (pagecache's breaker): do not wait for it again
        return {}
    try:
        entries = cache.get(_key(article_id))
    except CACHE_ERRORS as error:
        cache_failed(error)
        return {}
    return entries if isinstance(entries, dict) else {}


def _write(article_id, entries: dict) -> None:
    if not shared_cache_available():
        return
    try:
        if entries:
            cache.set(_key(article_id), entries, EXPIRE_SECONDS)
        else:
            cache.delete(_key(article_id))
    except CACHE_ERRORS as error:
        cache_failed(error)


def _fresh(entries: dict, now: float) -> dict:
    return {tab: entry for tab, entry in entries.items()
            if isinstance(entry, dict) and now - entry.get("seen", 0) < EXPIRE_SECONDS}


def new_tab() -> str:
    return uuid.uuid4().hex


def beat(article_id, user, tab: str, *, now: float | None = None) -> None:
    """This user's tab has the article open (now)."""
    now = time.time() if now is None else now
    entries = _fresh(_read(article_id), now)
    entry = entries.get(tab)
    if entry is None or entry.get("user") != user.pk:
        if len(entries) >= MAX_TABS:
            return
        entry = {"user": user.pk, "name": user.get_full_name() or user.get_username(), "since": now}
    entries[tab] = {**entry, "seen": now}
    _write(article_id, entries)


def leave(article_id, user, tab: str) -> None:
    """This tab closed: its entry ends now."""
    entries = _read(article_id)
    if entries.get(tab, {}).get("user") == user.pk:
        del entries[tab]
        _write(article_id, entries)


def others(article_id, user, *, now: float | None = None) -> list[dict]:
    """The other people with the article open: [{"name", "since" (HH:MM, local time)}], earliest first."""
    now = time.time() if now is None else now
    people = {}
    for entry in _fresh(_read(article_id), now).values():
        if entry.get("user") == user.pk:
            continue
        since = min(entry.get("since", now), people.get(entry.get("user"), {}).get("since", now))
        people[entry.get("user")] = {"name": entry.get("name", ""), "since": since}
    result = []
    for person in sorted(people.values(), key=lambda p: p["since"]):
        moment = timezone.localtime(datetime.datetime.fromtimestamp(person["since"], tz=datetime.timezone.utc))
        result.append({"name": person["name"], "since": moment.strftime("%H:%M")})
    return result


def line(people: list[dict]) -> str:
    """"Đang được sửa bởi Lan (từ 08:15), Minh (từ 08:20)", or "" when nobody else."""
    if not people:
        return ""
    return gettext("Đang được sửa bởi %(people)s") % {
        "people": ", ".join(gettext("%(name)s (từ %(since)s)") % person for person in people)}


class PresenceAdminMixin:
    """Mixed into ArticleAdmin: the presence endpoint and the line at the top of the form."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [path("<path:object_id>/presence/", self.admin_site.admin_view(self.presence_view),
                     name="%s_%s_presence" % info), *super().get_urls()]

    def presence_view(self, request, object_id):
        """POST `tab` (and `leave=1` from the closing tab's beacon): JSON {"others": [...], "line": "..."}."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_403(request, object_id)
        tab = (request.POST.get("tab") or "")[:64]
        if not tab.isalnum():
            return JsonResponse({"error": gettext("Thiếu mã thẻ trình duyệt.")}, status=400)
        if request.POST.get("leave"):
            leave(article.pk, request.user, tab)
            return JsonResponse({"others": [], "line": ""})
        beat(article.pk, request.user, tab)
        people = others(article.pk, request.user)
        return JsonResponse({"others": people, "line": line(people)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            if article is not None and self.has_view_permission(request, article):
                tab = new_tab()
                people = others(article.pk, request.user)
                beat(article.pk, request.user, tab)
                extra_context = {**(extra_context or {}), "presence_line": line(people), "presence_tab": tab,
                                 "presence_beat_seconds": BEAT_SECONDS}
        return super().change_view(request, object_id, form_url, extra_context)

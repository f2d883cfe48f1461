"""The view counter: a tiny request from the article page, never cached.

Cached article pages are served without running any view, so the count is
kept by this separate request (sent by static/js/views.js). Each counted view
is a single atomic UPDATE ... SET view_count = view_count + 1 (no increment is
lost under concurrency, nothing is counted for articles that are not live),
and `article_viewed` tells whoever keeps views per day (the readership app) in
the same transaction.

Rules (issue 13, item 9):
- robots, link previews and staff are not counted;
- a cross-site post (Sec-Fetch-Site other than same-origin, or an Origin that
  is not the site's) is refused with a 403;
- one client counts at most once per article in VIEW_COUNT_WINDOW_SECONDS.
  The client is a keyed hash of its address, User-Agent and the article, with a
  salt derived from SECRET_KEY that changes every day; only that hash is kept,
  in the cache, for the window. No address or User-Agent is stored anywhere.

The answer is the article's current figure as JSON ({"views", "label",
"counted"}), which the page's script puts in place of the figure the cached
page was rendered with.
"""

import datetime
import hashlib
import hmac
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsroom.auth_backends import client_ip
from pagecache.generation import CACHE_ERRORS

from ..models import Article

# Sent (sender=Article) for every counted view, inside the transaction that counted it,
# with article_id and viewed_at. Receivers: readership (views per day).
article_viewed = Signal()

# A User-Agent with one of these words is a robot or a link preview: it does not count as a view.
_BOT_USER_AGENT = re.compile(r"bot|crawler|spider|preview|slurp|facebookexternalhit|headless|curl|wget",
                             re.IGNORECASE)
# What a browser says of a request made by the page itself (or typed by the user).
_SAME_SITE_FETCH = {"same-origin", "none"}


def is_bot(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(_BOT_USER_AGENT.search(agent))


def is_staff_request(request) -> bool:
    # Only a request with a session can be staff; anonymous readers cost no query.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_cross_site(request) -> bool:
    """The post was not sent by one of the site's own pages (a browser says so; other clients send neither header)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() not in _SAME_SITE_FETCH:
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = {_origin(f"{request.scheme}://{request.get_host()}"), _origin(settings.SITE_URL)}
    return origin.strip().lower() not in own


def _daily_salt(day: datetime.date) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), f"view-counter:{day.isoformat()}".encode(),
                    hashlib.sha256).digest()


def client_key(request, pk: int, *, now: datetime.datetime | None = None) -> str:
    """The cache key for "this client has been counted for this article": a keyed hash, nothing readable."""
    day = timezone.localdate(now or timezone.now())
    client = "\n".join([client_ip(request) or "", request.headers.get("User-Agent", ""), str(pk)])
    digest = hmac.new(_daily_salt(day), client.encode(), hashlib.sha256).hexdigest()[:40]
    return f"view-seen:{digest}"


def _first_view_in_window(key: str) -> bool:
    """True the first time in the window (cache.add is atomic); a cache that is away counts every view."""
    seconds = settings.VIEW_COUNT_WINDOW_SECONDS
    if seconds <= 0:
        return True
    try:
        return cache.add(key, 1, timeout=seconds)
    except CACHE_ERRORS:
        return True


def _forget(key: str) -> None:
    try:
        cache.delete(key)
    except CACHE_ERRORS:
        pass


def _figure(views: int, counted: bool) -> JsonResponse:
    label = ngettext("%(views)s lượt xem", "%(views)s lượt xem", views) % {"views": intcomma(views)}
    return JsonResponse({"views": views, "label": label, "counted": counted})


@csrf_exempt  # a count, sent by the page's script, which carries no CSRF token; cross-site posts are refused below
@require_POST
@never_cache
def count_view(request, pk: int):
    if is_bot(request):
        return HttpResponse(status=204)
    if is_cross_site(request):
        return HttpResponseForbidden(_("Không nhận lượt xem gửi từ trang khác."))
    live = Article.objects.live().filter(pk=pk)
    key = None
    if not is_staff_request(request):
        key = client_key(request, pk)
    if key is not None and _first_view_in_window(key):
        now = timezone.now()
        with transaction.atomic():
            updated = live.update(view_count=F("view_count") + 1)
            if updated:
                article_viewed.send(sender=Article, article_id=pk, viewed_at=now)
        if not updated:
            _forget(key)  # so that the client counts once the article is live
            return HttpResponseNotFound()
        views = Article.objects.filter(pk=pk).values_list("view_count", flat=True).first()
        return _figure(views or 0, counted=True)
    # Staff, or the same client again within the window: the current figure, nothing counted.
    views = live.values_list("view_count", flat=True).first()
    if views is None:
        return HttpResponseNotFound()
    return _figure(views, counted=False)

"""The view counter: a tiny request from the article page, never cached.

Cached article pages are served without running any view, so the count is
kept by this separate request (sent by static/js/views.js). Each one is a
single atomic UPDATE ... SET view_count = view_count + 1: no increment is
lost under concurrency, and nothing is counted for articles that are not live.
"""

import re

from django.conf import settings
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import Article

# A User-Agent with one of these words is a robot or a link preview: it does not count as a view.
_BOT_USER_AGENT = re.compile(r"bot|crawler|spider|preview|slurp|facebookexternalhit|headless|curl|wget",
                             re.IGNORECASE)


def is_bot(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(_BOT_USER_AGENT.search(agent))


def is_staff_request(request) -> bool:
    # Only a request with a session can be staff; anonymous readers cost no query.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


@csrf_exempt  # a count, sent by navigator.sendBeacon, which cannot carry a CSRF token
@require_POST
@never_cache
def count_view(request, pk: int):
    if is_bot(request) or is_staff_request(request):
        return HttpResponse(status=204)
    updated = Article.objects.live().filter(pk=pk).update(view_count=F("view_count") + 1)
    return HttpResponse(status=204) if updated else HttpResponseNotFound()

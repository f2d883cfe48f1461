"""/healthz: is this app server able to serve? Used by load balancers and monitors.

200 {"status": "ok", "cache": "ok"} when every database in
settings.HEALTHZ_DATABASES answers `SELECT 1` and the shared cache answers;
200 {"status": "degraded", "cache": "unavailable"} when only the cache is away
(the site serves without it); 503 with the failing aliases when a database is
away. Never cached.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connections
from django.http import JsonResponse
from redis.exceptions import RedisError
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers(alias: str) -> bool:
    """True when the database `alias` runs `SELECT 1`; a refused or broken connection is False."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("healthz: database %r is unreachable", alias)
        return False


def cache_answers() -> bool:
    """True when the shared cache stores and returns a value; a refused or stalled Redis is False."""
    try:
        cache.set("healthz", 1, 10)
        return cache.get("healthz") == 1
    except (RedisError, OSError):
        logger.warning("healthz: the cache is unreachable", exc_info=True)
        return False


@never_cache
@require_safe
def healthz(request):
    """200 while the databases answer ({"status": "ok"} or, with the cache away, "degraded"); else 503.

    A load balancer keeps a server whose cache is down: it still serves every
    page (slower). docs/operators.md, "Health checks", says what each field means.
    """
    failed = [alias for alias in settings.HEALTHZ_DATABASES if not database_answers(alias)]
    cache_ok = cache_answers()
    if failed:
        return JsonResponse({"status": "error", "unreachable": failed, "cache": "ok" if cache_ok else "unavailable"},
                            status=503)
    if not cache_ok:
        return JsonResponse({"status": "degraded", "cache": "unavailable"})
    return JsonResponse({"status": "ok", "cache": "ok"})

"""/healthz: is this app server able to serve? Used by load balancers and monitors.

200 {"status": "ok"} when every database in settings.HEALTHZ_DATABASES answers
`SELECT 1`; 503 with the failing aliases otherwise. Never cached.
"""

import logging

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connections
from django.http import JsonResponse
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


@never_cache
@require_safe
def healthz(request):
    failed = [alias for alias in settings.HEALTHZ_DATABASES if not database_answers(alias)]
    if failed:
        return JsonResponse({"status": "error", "unreachable": failed}, status=503)
    return JsonResponse({"status": "ok"})

"""Error pages that must work when the rest of the site cannot.

When the database is unreachable (restarting, failing over), readers get a
friendly 503 asking them to retry in a moment instead of a 500. These views
render without the request context: context processors could need the
database that is down.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

DATABASE_DOWN = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a 503 with Retry-After when the cause is an unreachable database."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())


# The reason a refusal gives when it says nothing itself.
DEFAULT_REFUSAL = "Bạn không có quyền xem trang này hoặc làm việc này."


@requires_csrf_token
def permission_denied(request, exception=None):
    """handler403: a Vietnamese page with the refusal's own reason (PermissionDenied("…")), status 403.

    In the admin it is an admin page (the site header, the user's links, the way home); elsewhere a
    page of the public site. Never Django's bare "403 Forbidden".
    """
    from django.contrib import admin
    from django.template.response import TemplateResponse
    from django.urls import reverse
    from django.utils.translation import gettext

    reason = str(exception or "").strip()
    if not reason or reason == "Forbidden":
        reason = gettext(DEFAULT_REFUSAL)
    context = {"reason": reason, "title": gettext("Bạn không có quyền")}
    template = "403.html"
    if request.path.startswith(reverse("admin:index")):
        template = "admin/403.html"
        context.update(admin.site.each_context(request))
    response = TemplateResponse(request, template, context, status=403)
    response["Cache-Control"] = "no-store"
    return response.render()

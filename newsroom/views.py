"""Small project-wide views."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def switch_language(request, code: str):
    """Remember the reader's language in a cookie and go back to the page they were on.

    A plain link (GET) rather than Django's set_language form: a form needs a CSRF
    token, and a token in every page would make public pages uncacheable.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("Không có ngôn ngữ này.")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response

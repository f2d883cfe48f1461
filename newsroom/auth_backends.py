"""Admin login protection: django-axes counts failed logins and locks out.

Failures are counted per username *and* client address together (settings,
"Login lockout"), in the database, so every app server sees the same counts.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


class LoginLockoutBackend(AxesStandaloneBackend):
    """AxesStandaloneBackend that lets request-less authentication through.

    Every login form (the admin's included) passes the request. Only code that
    authenticates outside an HTTP request (the test client's `login()`, a shell)
    calls without one, and there is no client address to lock out then; axes
    itself would raise an error instead of authenticating.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address, behind TRUSTED_PROXY_COUNT proxies that append to X-Forwarded-For.

    With no trusted proxy the address is REMOTE_ADDR. Behind one nginx the last
    X-Forwarded-For entry is the address nginx saw; entries further left were
    written by the client and cannot be trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while an account is locked out (HTTP 429)."""
    cool_off = get_cool_off(request) or timedelta(0)
    context = {
        **admin.site.each_context(request),
        "title": "Tạm khóa đăng nhập",
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "newsroom/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)

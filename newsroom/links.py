"""Absolute addresses: every one comes from settings.SITE_URL, never from a request's Host header.

A proxy or an attacker sets Host; the page cache does not key on it; so a feed,
sitemap or canonical link built from the request could be poisoned for everyone.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """SITE_URL + path; a URL that is already absolute is returned unchanged ("//cdn/x" gets https:)."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        return "https:" + path
    return settings.SITE_URL + path


class SiteRequest:
    """A request as Django's syndication and sitemap frameworks see it: host and scheme from SITE_URL.

    Those frameworks build absolute links from get_current_site(request) and
    request.scheme; wrapping the request makes them use SITE_URL instead.
    """

    def __init__(self, request):
        self._request = request
        self._site = urlsplit(settings.SITE_URL)

    def get_host(self) -> str:
        return self._site.netloc

    def is_secure(self) -> bool:
        return self._site.scheme == "https"

    @property
    def scheme(self) -> str:
        return self._site.scheme

    def __getattr__(self, name):
        return getattr(self._request, name)

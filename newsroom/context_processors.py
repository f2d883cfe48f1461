import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse


def site(request):
    """The site's name and address, the languages by their own names (in NFC), and the
    addresses every page's frame links to, for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "site_languages": settings.LANGUAGES,
            "site_links": _site_links(get_script_prefix())}


@functools.lru_cache(maxsize=8)
def _site_links(script_prefix: str) -> dict:
    # Worked out once per process rather than on every page: a dozen reverse() and
    # static() calls were a third of the frame's rendering time.
    return {
        "home": reverse("articles:home"),
        "search": reverse("articles:search"),
        "feed": reverse("articles:feed"),
        "feed_atom": reverse("articles:feed_atom"),
        "css": static("css/site.css"),
        "favicon": static("img/favicon.png"),
        "logo": static("img/logo.png"),
        "languages": [(code, name, reverse("switch_language", args=[code])) for code, name in settings.LANGUAGES],
    }


@receiver(setting_changed)
def _forget_site_links(**kwargs):
    _site_links.cache_clear()

from django.conf import settings


def site(request):
    """The site's name and address, and the languages by their own names (in NFC), for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "site_languages": settings.LANGUAGES}

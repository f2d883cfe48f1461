"""Metadata for search engines and link previews: absolute URLs, schema.org JSON-LD.

Absolute addresses are built from settings.SITE_URL (not from the request's Host
header, which a proxy or an attacker may set).
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .views_corrections import correction_notes_jsonld

# The same escapes as django.utils.html.json_script: "</script>" and "<!--" cannot
# appear in the output, so no text in an article can end the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026",
                        ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def absolute_url(path: str) -> str:
    """SITE_URL + path; a URL that is already absolute is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def first_image_url(article) -> str | None:
    """The absolute URL of the first photo in the article, or None."""
    for slot in article.photo_slots.all():
        if slot.photo and slot.photo.image:
            return absolute_url(slot.photo.image.url)
    return None


def article_json_ld_data(article) -> dict:
    """schema.org NewsArticle for an article (a dict; see article_json_ld for the markup)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute_url(article.get_absolute_url())},
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": [{"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
                   for author in article.byline()],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.png"))},
        },
        "inLanguage": "vi",
    }
    images = [absolute_url(slot.photo.image.url) for slot in article.photo_slots.all()
              if slot.photo and slot.photo.image]
    if images:
        data["image"] = images
    if article.section_id:
        data["articleSection"] = article.section.name
    data["correction"] = correction_notes_jsonld(article)
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot break out."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def article_json_ld(article) -> SafeString:
    return json_ld_script(article_json_ld_data(article))

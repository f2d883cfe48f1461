"""Metadata for search engines and link previews: absolute URLs, schema.org JSON-LD.

Absolute addresses are built from settings.SITE_URL (not from the request's Host
header, which a proxy or an attacker may set).
"""

import json

from django.conf import settings
from django.utils.module_loading import import_string
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from newsroom.links import absolute_url

from .corrections import correction_notes_jsonld

# The same escapes as django.utils.html.json_script: "</script>" and "<!--" cannot
# appear in the output, so no text in an article can end the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026",
                        ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def share_image_url(article) -> str | None:
    """The absolute URL of the article's share image (1200×630, from its first photo), or None.

    The photos app makes it (settings.ARTICLE_SHARE_IMAGE names the function): it
    builds on articles, so articles does not import it.
    """
    return import_string(settings.ARTICLE_SHARE_IMAGE)(article) or None


def article_json_ld_data(article, image: str | None = None, correction_notes=None) -> dict:
    """schema.org NewsArticle for an article (a dict; see article_json_ld for the markup).

    `image`: the share image's address when the caller already has it.
    """
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
        "articleBody": article.body_plain,
        "wordCount": article.word_count() or None,
    }
    image = image or share_image_url(article)
    if image:
        data["image"] = [image]
    if article.section_id:
        data["articleSection"] = article.section.name
    data["correction"] = correction_notes_jsonld(article, correction_notes)
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot break out."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def article_json_ld(article, image: str | None = None, correction_notes=None) -> SafeString:
    return json_ld_script(article_json_ld_data(article, image=image, correction_notes=correction_notes))

"""Template tags for photos on the public site.

    {% load photos %}
    {% picture photo sizes="(max-width: 46rem) 100vw, 46rem" lazy=True %}

``picture`` renders a <picture> with a WebP <source> and a JPEG <img> fallback
(srcset, sizes, width, height, alt, loading). When the media storage cannot be
read (S3 down, a file missing) it renders nothing and logs, never an error page.

Given a slot, it uses plain addresses when the slot's article is live and signed
ones otherwise (a preview); given a Photo, plain ones only if a live article
shows it (photos/renditions.py, "Addresses").
"""

import logging

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.links import absolute_url
from photos import renditions
from photos.models import ArticlePhoto

register = template.Library()
logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(max-width: 46rem) 100vw, 46rem"


@register.simple_tag
def picture(photo, sizes=DEFAULT_SIZES, lazy=False, alt=None, css_class=""):
    """A responsive <picture> for a Photo (or an ArticlePhoto slot); "" when unavailable."""
    slot = photo if isinstance(photo, ArticlePhoto) else None
    photo = getattr(photo, "photo", photo)  # a slot gives its photo
    if photo is None or not getattr(photo, "image", None):
        return ""
    try:
        sources = renditions.picture_sources(photo, public=_public(slot, photo))
    except renditions.storage_errors():
        logger.exception("Renditions of photo %s unavailable", photo.pk)
        return ""
    # format_html rather than a template: a page has many photos, and this is its hot loop.
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async"></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        sources["webp_srcset"], sizes, sources["src"], sources["jpeg_srcset"], sizes,
        sources["width"], sources["height"], photo.alt_text if alt is None else alt,
        mark_safe(' loading="lazy"') if lazy else "")


@register.simple_tag
def feed_image(slot):
    """A plain <img> with an absolute address (feeds: readers fetch it from elsewhere); "" when unavailable."""
    photo = getattr(slot, "photo", None)
    if photo is None or not getattr(photo, "image", None):
        return ""
    try:
        sources = renditions.picture_sources(photo, public=True)
    except renditions.storage_errors():
        logger.exception("Renditions of photo %s unavailable", photo.pk)
        return ""
    return format_html('<img src="{}" width="{}" height="{}" alt="{}">', absolute_url(sources["src"]),
                       sources["width"], sources["height"], photo.alt_text)


def _public(slot, photo) -> bool:
    """May this picture have plain addresses? On a page of a live article, yes."""
    if slot is not None:
        # The article is already loaded where slots are prefetched from it (no query).
        return slot.article.is_live
    return renditions.is_shown_live(photo)


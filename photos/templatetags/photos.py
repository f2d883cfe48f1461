"""Template tags for photos on the public site.

    {% load photos %}
    {% picture photo sizes="(max-width: 46rem) 100vw, 46rem" lazy=True %}
    <meta property="og:image" content="{% og_image_url article %}">

``picture`` renders a <picture> with a WebP <source> and a JPEG <img> fallback
(srcset, sizes, width, height, alt, loading). When the media storage cannot be
read (S3 down, a file missing) it renders nothing and logs, never an error page.
"""

import logging

from django import template
from django.template.loader import render_to_string

from photos import renditions

register = template.Library()
logger = logging.getLogger(__name__)

DEFAULT_SIZES = "(max-width: 46rem) 100vw, 46rem"


@register.simple_tag
def picture(photo, sizes=DEFAULT_SIZES, lazy=False, alt=None, css_class=""):
    """A responsive <picture> for a Photo (or an ArticlePhoto slot); "" when unavailable."""
    photo = getattr(photo, "photo", photo)  # a slot gives its photo
    if photo is None or not getattr(photo, "image", None):
        return ""
    try:
        sources = renditions.picture_sources(photo)
    except renditions.storage_errors():
        logger.exception("Renditions of photo %s unavailable", photo.pk)
        return ""
    return render_to_string("photos/picture.html", {
        **sources, "sizes": sizes, "lazy": lazy, "css_class": css_class,
        "alt": photo.alt_text if alt is None else alt})


@register.simple_tag
def og_image_url(article):
    """Absolute URL of the article's 1200×630 OpenGraph image, or ""."""
    return renditions.og_image_url(article)

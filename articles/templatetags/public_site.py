"""Template tags for the public site's frame (navigation)."""

from django import template

from articles.models import Section

register = template.Library()


@register.simple_tag
def nav_sections():
    """Top-level sections for the main navigation (one query)."""
    return list(Section.objects.filter(parent__isnull=True).only("name", "slug", "order"))

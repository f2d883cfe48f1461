"""Template tags for the public site's frame (navigation)."""

from django import template

from articles.models import Section

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Top-level sections for the main navigation: the view's list if it has one, else one query."""
    if context.get("all_sections") is not None:
        return context["all_sections"]
    return list(Section.objects.filter(parent__isnull=True))

"""Template tags for the public site's frame (navigation)."""

from django import template
from django.utils import timezone

from articles.models import Section
from newsroom.page_cache import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Top-level sections for the main navigation, as (address, name) pairs.

    From the view's list if it has one, else kept under the content generation, so
    a renamed or added section shows at once. The addresses are worked out once
    per generation rather than on every page.
    """
    if context.get("all_sections") is not None:
        return _links(context["all_sections"])
    return fragment("nav-sections", lambda: _links(Section.objects.filter(parent__isnull=True)))


def _links(sections) -> list[tuple[str, str]]:
    return [(section.get_absolute_url(), section.name) for section in sections]


@register.filter
def machine_time(value):
    """A <time datetime> value: local time to the second ("2019-03-08T09:30:00+07:00").

    Django's "c" format keeps microseconds, which HTML's datetime syntax refuses.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")

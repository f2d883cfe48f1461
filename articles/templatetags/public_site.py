"""Template tags for the public site's frame (navigation)."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Section
from newsroom.page_cache import current_generation

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Top-level sections for the main navigation: the view's list if it has one, else from the cache.

    Kept under the page-cache generation, so a renamed or added section shows at once.
    """
    if context.get("all_sections") is not None:
        return context["all_sections"]
    if not settings.PAGE_CACHE_SECONDS:  # no shared cache to invalidate: ask the database
        return list(Section.objects.filter(parent__isnull=True))
    key = f"nav-sections:{current_generation()[0]}"
    return cache.get_or_set(key, lambda: list(Section.objects.filter(parent__isnull=True)), 3600)


@register.filter
def machine_time(value):
    """A <time datetime> value: local time to the second ("2019-03-08T09:30:00+07:00").

    Django's "c" format keeps microseconds, which HTML's datetime syntax refuses.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")

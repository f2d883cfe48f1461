"""Template tags for the public site's frame (navigation)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils import timezone

from articles.models import Section, public_url
from pagecache.fragments import fragment

register = template.Library()


def section_links(context):
    """Top-level sections for the main navigation, as (address, name) pairs.

    From the view's list if it has one, else kept under the content generation, so
    a renamed or added section shows at once. The addresses are worked out once
    per generation rather than on every page.
    """
    if context.get("all_sections") is not None:
        return _links(context["all_sections"])
    return fragment("nav-sections", lambda: _links(Section.objects.filter(parent__isnull=True)), lists=False)


@register.simple_tag(takes_context=True)
def main_nav_items(context):
    """The main navigation's home and section items, the current page's marked.

    Built in Python rather than by a template loop, and kept under the content
    generation for each language and each possible current item: every public
    page has them, and almost every page (an article) has no current item.
    """
    request = context.get("request")
    path = request.path if request else ""
    sections = section_links(context)
    home = public_url("articles:home")
    current = path if path == home or any(url == path for url, _name in sections) else ""

    def build():
        items = [(home, gettext("Trang chủ")), *sections]
        return format_html_join("", '<li><a href="{}"{}>{}</a></li>\n', (
            (url, mark_safe(' aria-current="page"') if url == current else "", name) for url, name in items))

    if context.get("all_sections") is not None:  # the view's own list, not the kept one
        return build()
    return fragment("nav-items", build, get_language(), current, lists=False)


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

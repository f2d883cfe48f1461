"""{% public_awards article as awards %}: an article's public awards in one query."""

from django import template

from awards.models import Award

register = template.Library()


@register.simple_tag
def public_awards(article):
    """The article's public awards, newest first.

    Uses `article.public_awards` when the view prefetched it
    (Prefetch("awards", queryset=Award.objects.public().select_related("form"), to_attr="public_awards")),
    otherwise one query of its own: either way the page's query count is fixed.
    """
    prefetched = getattr(article, "public_awards", None)
    if prefetched is not None:
        return list(prefetched)
    return list(Award.objects.public().filter(articles=article).select_related("form"))

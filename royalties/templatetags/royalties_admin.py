"""{% royalties_panel %} (the dashboard panel), {% article_royalty original %} (on the article form)
and the |dong filter (1755000 -> 1.755.000 đ)."""

from django import template

from royalties import rules, selectors
from royalties.models import RoyaltyRecord

register = template.Library()


@register.filter
def dong(amount) -> str:
    """Whole đồng with dots between thousands, as Vietnamese sheets print them."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{value:,}".replace(",", ".") + " đ"


@register.inclusion_tag("royalties/includes/dashboard_panel.html", takes_context=True)
def royalties_panel(context):
    """What waits for the current user in royalties (royalties.selectors.dashboard_panel)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"royalty_panel": selectors.dashboard_panel(user) if user is not None else []}


@register.inclusion_tag("royalties/includes/article_royalty.html", takes_context=True)
def article_royalty(context, article):
    """On the article's change form: its royalty line, or where an editor proposes one (a live article)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if article is None or user is None or not rules.can_view_records(user):
        return {"show": False}
    record = RoyaltyRecord.objects.filter(article=article).first()
    month = None
    if record is None and article.is_live and rules.can_propose(user):
        month = rules.month_of(rules.publication_day(article))
    return {"show": record is not None or month is not None, "record": record, "article": article, "month": month}

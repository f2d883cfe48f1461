"""{% royalties_panel %} (the dashboard panel) and the |dong filter (1755000 -> 1.755.000 đ)."""

from django import template

from royalties import selectors

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

from django import template

from articles import workflow
from articles.admin.dashboard import panel
from articles.models import Status

register = template.Library()


@register.inclusion_tag("admin/articles/workflow_panel.html", takes_context=True)
def workflow_panel(context):
    """The editorial panel on the admin index, for the logged-in user."""
    request = context["request"]
    if not request.user.has_perm("articles.view_article"):
        return {"lists": None}
    return {"lists": panel(request.user)}


@register.filter
def shown_status(article) -> str:
    """The status the admin shows: a scheduled article whose time has come is published (workflow.effective_status)."""
    return workflow.effective_status(article)


@register.filter
def shown_status_label(article) -> str:
    return Status(workflow.effective_status(article)).label

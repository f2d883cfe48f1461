from django import template

from articles.admin.dashboard import panel

register = template.Library()


@register.inclusion_tag("admin/articles/workflow_panel.html", takes_context=True)
def workflow_panel(context):
    """The editorial panel on the admin index, for the logged-in user."""
    request = context["request"]
    if not request.user.has_perm("articles.view_article"):
        return {"lists": None}
    return {"lists": panel(request.user)}

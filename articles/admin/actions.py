"""The one loop every bulk action of the article admin runs (publish, unpublish, trash, restore, purge)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from newsroom.refusals import refusal_text


def apply_each(modeladmin, request, queryset, apply, done_message: str) -> int:
    """Call apply(article) for each selected article, each in its own workflow transaction.

    Every refusal is reported with the article's title; the others go through.
    `done_message` has %(n)s for how many did. Returns that number.
    """
    done = 0
    for article in queryset:
        try:
            apply(article)
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"“{article.title}”: {refusal_text(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, messages.SUCCESS)
    return done

"""A change to a library photo, written into the history of the live articles that show it.

A Photo is shared, so changing its file, alt text, credit, caption or focal
point changes every live article that shows it at once. Each of those
articles gets a revision (its history: /admin/articles/article/<id>/revisions/)
naming the photo, the fields and the user, in the same transaction as the change.
"""

from django.utils.translation import gettext

from articles.models import Article

from .models import Photo

# The fields of a Photo that readers see, in the order a reason lists them.
SHOWN_FIELDS = ("image", "alt_text", "credit", "focal_x", "focal_y")  # caption: only a default for new slots


def changed_label(fields) -> str:
    """The changed shown fields as their Vietnamese labels ("tệp ảnh, nguồn ảnh")."""
    labels = []
    for name in SHOWN_FIELDS:
        if name in fields:
            label = str(Photo._meta.get_field(name).verbose_name)
            if name.startswith("focal_"):
                label = gettext("tiêu điểm")
            if label not in labels:
                labels.append(label)
    return ", ".join(labels)


def record_in_live_articles(photo: Photo, *, user, fields, exclude_article_ids=()) -> list:
    """Record a revision, naming the change, in every live article that shows the photo.

    ``fields``: the Photo fields that changed (others are ignored); nothing is
    recorded when none of them is shown. ``exclude_article_ids``: articles whose
    own save records the change anyway (the article form a slot was edited in).
    Returns the revisions made.
    """
    label = changed_label(fields)
    if not label:
        return []
    # Imported here: photos depends on articles.models only (.importlinter), and
    # the revision module is articles' own (articles/workflow/revisions.py, record()).
    from articles.workflow.revisions import record

    reason = gettext("Ảnh dùng chung “%(photo)s” được sửa trong thư viện: %(fields)s.") % {
        "photo": str(photo)[:60], "fields": label}
    articles = (Article.objects.live().filter(pk__in=photo.slots.values("article_id"))
                .exclude(pk__in=list(exclude_article_ids)).order_by("pk"))
    return [record(article, user, reason=reason, force=True) for article in articles]

"""Who may see and change which library photo: the one place for it.

A Photo is shared: one file, alt text, credit and focal point shown by every
article that uses it. So:

- Editors (Editor, Chief editor, superusers) see and change every photo.
- A reporter changes a photo only while nothing but their own drafts uses it
  (a draft they created or are in the byline of, not in the trash), or, unused,
  when they uploaded it. A photo that any other article uses (someone else's,
  in review, published, trashed) is read-only for them; they may still place
  it in their own drafts, each slot with its own caption and credit.
- A reporter sees (library, picker, slot choices) the photos they uploaded, the
  photos of their own articles, the photos live articles show, and unused
  photos an editor uploaded for everyone; never photos only other reporters'
  drafts or trashed articles use.

The admin (photos/admin.py) and the slot form (photos/forms.py) call these
functions and nothing else. Roles are the article workflow's
(articles/workflow/roles.py): photos builds on articles.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from articles.models import Article, Status, live_q, owned_q
from articles.workflow.roles import CHIEF_EDITOR, EDITOR, is_editor, is_reporter

from .models import ArticlePhoto, Photo

EDITOR_GROUPS = (EDITOR, CHIEF_EDITOR)


def is_photo_editor(user) -> bool:
    """Sees and changes every photo: editors, chief editors, superusers."""
    return is_editor(user)


def _own_drafts(user) -> QuerySet[Article]:
    return Article.objects.filter(owned_q(user), status=Status.DRAFT, deleted_at__isnull=True)


def can_change_photo(user, photo: Photo) -> bool:
    """May this user change the photo's file, alt text, caption, credit or focal point?"""
    if is_photo_editor(user):
        return True
    if not is_reporter(user):
        return False
    if photo.pk is None:
        return True  # a new upload
    users = Article.objects.filter(photo_slots__photo=photo)
    if not users.exists():
        return photo.uploaded_by_id == user.pk
    return not users.exclude(pk__in=_own_drafts(user).values("pk")).exists()


def visible_photos_q(user) -> Q:
    """The photos a user may see, as a filter on Photo."""
    if is_photo_editor(user):
        return Q()
    if not is_reporter(user):
        return Q(pk__in=[])
    own_articles = Article.objects.filter(owned_q(user), deleted_at__isnull=True).values("pk")
    editors = get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name__in=EDITOR_GROUPS)).values("pk")
    return (Q(uploaded_by=user)
            | Q(pk__in=ArticlePhoto.objects.filter(article__in=own_articles).values("photo_id"))
            | Q(pk__in=ArticlePhoto.objects.filter(live_q(prefix="article__")).values("photo_id"))
            | (~Q(pk__in=ArticlePhoto.objects.filter(photo__isnull=False).values("photo_id"))
               & Q(uploaded_by__in=editors)))


def visible_photos(user, queryset: QuerySet[Photo] | None = None) -> QuerySet[Photo]:
    """The photos a user may see (the library, the picker, the slot form's choices)."""
    queryset = Photo.objects.all() if queryset is None else queryset
    return queryset.filter(visible_photos_q(user))


def visible_articles_q(user) -> Q:
    """Of the articles using a photo, those whose titles this user may see (the "used in" list)."""
    if is_photo_editor(user):
        return Q()
    if not user or not user.is_authenticated:
        return live_q()
    return live_q() | (owned_q(user) & Q(deleted_at__isnull=True))

"""Trash (soft delete): move an article out of every public page, bring it back, or delete it for good.

    trash            Editor: any article; Reporter: only their own draft
    restore          Editor (brings back the same rows)
    purge            superuser only, and only an article already in the trash

A trashed article is never live, cannot be edited and makes no transition
until it is restored. Trashing revokes its preview links (the preview epoch
moves on, see previews.py). Who may: roles.py.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article
from . import revisions
from .errors import InvalidTransition
from .roles import can_purge, is_editor, may_trash
from .transitions import _lock


@transaction.atomic
def trash(article: Article, user, note: str = "") -> Article:
    """Move the article to the trash: it leaves every public page, and keeps its rows
    (byline, photo slots, tags, awards links, revisions, transitions).

    Raises PermissionDenied (a reporter's published or someone else's article),
    InvalidTransition (already in the trash). Writes a revision saying who and why.
    """
    article = _lock(article)
    if not may_trash(article, user):
        raise PermissionDenied(_("Bạn chỉ được xóa bản nháp của chính mình."))
    if article.deleted_at is not None:
        raise InvalidTransition(_("Bài đã ở trong thùng rác."))
    article.deleted_at = timezone.now()
    article.deleted_by = user if user and user.is_authenticated else None
    # Links die with the trash and stay dead after a restore.
    article.preview_epoch += 1
    # A save (not an update): the page cache's signals see it and drop cached pages.
    article.save(update_fields=["deleted_at", "deleted_by", "preview_epoch", "updated_at"])
    note = (note or "").strip()
    revisions.record(article, user, force=True,
                     reason=_("Chuyển vào thùng rác") + (f": {note}" if note else ""))
    return article


@transaction.atomic
def restore(article: Article, user) -> Article:
    """Bring a trashed article back exactly as it was (same status, same rows).

    Raises PermissionDenied (not an editor), InvalidTransition (not in the trash).
    """
    article = _lock(article)
    if not is_editor(user):
        raise PermissionDenied(_("Chỉ biên tập viên được khôi phục bài từ thùng rác."))
    if article.deleted_at is None:
        raise InvalidTransition(_("Bài không ở trong thùng rác."))
    article.deleted_at = None
    article.deleted_by = None
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    revisions.record(article, user, force=True, reason=_("Khôi phục từ thùng rác"))
    return article


@transaction.atomic
def purge(article: Article, user) -> None:
    """Delete a trashed article for good, with everything that hangs off it
    (its photos stay in the library). Raises PermissionDenied (not a superuser),
    InvalidTransition (not in the trash: trash it first), ValidationError when
    a record another app must keep points at it (a paid royalty line).
    """
    article = _lock(article)
    if not can_purge(user):
        raise PermissionDenied(_("Chỉ quản trị viên cao nhất được xóa vĩnh viễn bài viết."))
    if article.deleted_at is None:
        raise InvalidTransition(_("Chỉ xóa vĩnh viễn được bài đã ở trong thùng rác."))
    try:
        with transaction.atomic():
            article.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
        raise ValidationError(_("Không thể xóa vĩnh viễn: bài còn được giữ trong %(kinds)s (ví dụ nhuận bút đã "
                                "chi trả). Bài vẫn ở thùng rác.") % {"kinds": ", ".join(kinds)},
                              code="protected") from None

"""Who may do what with an article: the roles and every permission rule, in one place.

Roles (groups, created by migration 0003): Reporter, Editor, Chief editor;
superusers may do everything. A Chief editor is also an editor. The admin, the
dashboard, previews and the transitions all ask these functions; nothing else
decides.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .. import models as article_models
from ..models import Article, Section, Status

REPORTER = "Reporter"
EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"


def _groups(user) -> set[str]:
    """The user's newsroom groups, read once per user object (a request's user: one query,
    however many articles or photos a page checks), as Django caches permissions."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_newsroom_groups", None)
    if cached is None:
        cached = user._newsroom_groups = frozenset(user.groups.values_list("name", flat=True))
    return set(cached)


def is_chief_editor(user) -> bool:
    return bool(user and user.is_active and user.is_superuser) or CHIEF_EDITOR in _groups(user)


def is_editor(user) -> bool:
    """Editors and chief editors edit any article in any state."""
    return is_chief_editor(user) or EDITOR in _groups(user)


def is_reporter(user) -> bool:
    return REPORTER in _groups(user)


def is_own(article: Article, user) -> bool:
    """The user created the article or is named in its byline."""
    if not user or not user.is_authenticated:
        return False
    if article.pk is None:
        return article.created_by_id == user.pk
    return Article.objects.owned_by(user).filter(pk=article.pk).exists()


def can_view(article: Article, user) -> bool:
    return is_editor(user) or (is_reporter(user) and is_own(article, user))


def can_edit(article: Article, user) -> bool:
    """Editors edit anything; a reporter edits only their own draft. Nobody edits a trashed article."""
    if article.deleted_at is not None:
        return False
    if is_editor(user):
        return True
    return is_reporter(user) and article.status == Status.DRAFT and is_own(article, user)


def view_refusal(article: Article, user) -> str:
    """Why the user may not open the article (can_view is False), in Vietnamese, for the 403 page."""
    if is_reporter(user):
        return _("Bài “%(title)s” không phải của bạn: phóng viên chỉ mở được bài mình viết hoặc đứng tên "
                 "trong byline.") % {"title": article.title}
    return _("Tài khoản của bạn không thuộc nhóm Phóng viên hay Biên tập viên nên không mở được bài viết.")


def edit_refusal(article: Article, user) -> str:
    """Why the user may not change the article (can_edit is False), in Vietnamese, for the 403 page."""
    if article.deleted_at is not None:
        return _("Bài đang ở thùng rác: hãy khôi phục bài trước.")
    if not can_view(article, user):
        return view_refusal(article, user)
    return _("Bài đã gửi đi (trạng thái “%(status)s”): phóng viên chỉ sửa được bản nháp của mình; "
             "muốn sửa tiếp, nhờ biên tập viên trả bài lại.") % {"status": Status(effective_status(article)).label}


def can_publish(user, article: Article | None = None) -> bool:
    """May publish or schedule; in a two-approval section only a chief editor may."""
    if article is not None and article.section_id and article.section.requires_second_approval:
        return is_chief_editor(user)
    return is_editor(user)


def can_move_to_section(article: Article, user, section: Section | None) -> bool:
    """May the user put the article into `section`?

    A live or scheduled article moved into a section that needs two approvals
    would be on the site there without a chief editor's publish (publish it in
    a one-approval section, then move it): only a chief editor makes that move.
    Any other move is free; publishing there asks can_publish. `article` must be
    as stored (locked by the caller), not as the form would make it.
    """
    if section is None or not section.requires_second_approval:
        return True
    if article.pk is None or article.section_id == section.pk:
        return True
    if article.status not in article_models.LIVE_STATUSES:
        return True
    return is_chief_editor(user)


def require_move_to_section(article: Article, user, section: Section | None) -> None:
    """can_move_to_section, or PermissionDenied with the Vietnamese reason."""
    if not can_move_to_section(article, user, section):
        raise PermissionDenied(
            _("Bài đang đăng hoặc đã hẹn giờ đăng: chỉ Trưởng ban biên tập được chuyển bài sang chuyên mục "
              "“%(section)s” (chuyên mục cần duyệt hai cấp).") % {"section": section.name})


def effective_status(article: Article) -> str:
    """The status a reader would see: a scheduled article whose time has come is published."""
    if article.status == Status.SCHEDULED and article_models.is_live(
            status=article.status, publish_at=article.publish_at, deleted_at=None):
        return Status.PUBLISHED
    return article.status


def can_submit(article: Article, user) -> bool:
    return is_editor(user) or (is_reporter(user) and is_own(article, user))


def can_change_state(article: Article, user) -> bool:
    """Approve, return to the reporter, unpublish: editors only."""
    return is_editor(user)


def may_trash(article: Article, user) -> bool:
    # A reporter never trashes a published (or submitted) article: only their own draft.
    return is_editor(user) or (is_reporter(user) and article.status == Status.DRAFT and is_own(article, user))


def can_trash(article: Article, user) -> bool:
    return article.deleted_at is None and may_trash(article, user)


def can_restore(article: Article, user) -> bool:
    return article.deleted_at is not None and is_editor(user)


def can_purge(user) -> bool:
    """Only superusers delete for good (empty the trash)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)



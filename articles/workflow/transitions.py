"""Every change of an article's status.

Only this module writes Article.status. Each transition is one function that
locks the article, checks the user's role, the article's state and (for
publishing) its content, moves it, and writes a Transition record and a
revision in the same transaction; emails go out after the commit.

Roles (groups, created by migration 0003): Reporter, Editor, Chief editor;
superusers may do everything. A Chief editor is also an editor.

    action           who                                       from
    submit           own article (Reporter), any (Editor)      draft
    approve          Editor; only in sections that need two    in_review
                     approvals
    publish          Editor; Chief editor only in sections     draft, in_review, approved,
                     that need two approvals                   scheduled (not yet live), unpublished
    return_to_draft  Editor, with a note                       in_review, approved, scheduled
    unpublish        Editor, with a note                       published, scheduled
    publish_imported as publish, for an imported article: at its  as publish
                     original publication date (source_published_on)

Checks run in this order: role (PermissionDenied), state (InvalidTransition),
then the note or the publishing checks (ValidationError).

Take-downs (unpublish, return_to_draft of a scheduled article) revoke every
preview link of the article (previews.revoke).

Trash: trash.py. Who may do what: roles.py.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, Status, Transition
from . import notifications, previews, revisions
from .errors import InvalidTransition, NotReadyToPublish
from .roles import can_change_state, can_publish, can_submit, effective_status

# action -> (who may, states it may start from, refusal message)
RULES = {
    "submit": (can_submit, {Status.DRAFT}, "Bạn không có quyền gửi duyệt bài này."),
    "approve": (can_change_state, {Status.IN_REVIEW}, "Chỉ biên tập viên được duyệt bài."),
    "publish": (lambda article, user: can_publish(user, article),
                {Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED},
                "Bạn không có quyền đăng hoặc hẹn giờ đăng bài này."),
    "return_to_draft": (can_change_state, {Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED},
                        "Chỉ biên tập viên được trả bài về cho phóng viên."),
    "unpublish": (can_change_state, {Status.PUBLISHED, Status.SCHEDULED}, "Chỉ biên tập viên được gỡ bài."),
}

ACTION_LABELS = {
    "submit": "Gửi duyệt",
    "approve": "Duyệt (cấp 1)",
    "publish": "Đăng / hẹn giờ",
    "return_to_draft": "Trả lại phóng viên",
    "unpublish": "Gỡ bài",
}


def _require(article: Article, user, action: str) -> None:
    may, allowed_from, refusal = RULES[action]
    if not may(article, user):
        raise PermissionDenied(_(refusal))
    if article.deleted_at is not None:
        raise InvalidTransition(_("Bài đang ở thùng rác: hãy khôi phục bài trước."))
    current = effective_status(article)
    if current not in allowed_from:
        raise InvalidTransition(
            _("Không thể “%(action)s” khi bài đang ở trạng thái “%(status)s”.")
            % {"action": _(ACTION_LABELS[action]), "status": Status(current).label})
    if action == "approve" and not (article.section_id and article.section.requires_second_approval):
        raise InvalidTransition(_("Chuyên mục của bài không cần duyệt hai cấp: biên tập viên đăng trực tiếp."))


def allowed_actions(article: Article, user) -> list[str]:
    """The transitions this user may make on the article now (for buttons).

    Publishing checks are not run here: the publish button is shown and, if
    something is missing, its error lists it.
    """
    allowed = []
    for action in RULES:
        try:
            _require(article, user, action)
        except (PermissionDenied, InvalidTransition):
            continue
        allowed.append(action)
    return allowed


def publishing_problems(article: Article, *, authors: int | None = None, slots: list | None = None) -> list[str]:
    """What the article lacks before it may be published, in Vietnamese; empty when ready.

    `authors` (how many byline rows) and `slots` (photo slots, each with its `photo`) stand for
    the byline and the photos as an unsaved form would make them (the article form's live
    checklist, admin/workflow.py); by default the stored ones are read.
    """
    problems = []
    if not article.title.strip():
        problems.append(_("Thiếu tiêu đề."))
    if not article.lead.strip():
        problems.append(_("Thiếu sapo."))
    if not article.body_text().strip():
        problems.append(_("Bài chưa có đoạn văn nào."))
    if not article.section_id:
        problems.append(_("Chưa chọn chuyên mục."))
    if not (article.author_links.exists() if authors is None else authors):
        problems.append(_("Chưa có tác giả."))
    if slots is None:
        slots = article.photo_slots.select_related("photo")
    for number, slot in enumerate(slots, start=1):
        if slot.photo is None:
            problems.append(_("Ảnh thứ %(n)s chưa có tệp ảnh.") % {"n": number})
        elif not slot.photo.alt_text.strip():
            problems.append(_("Ảnh thứ %(n)s chưa có mô tả ảnh (alt).") % {"n": number})
    return problems


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi chú lý do."), code="note_required")
    return note


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=article.pk)


def _move(article: Article, user, to: str, note: str = "", reason: str = "", from_status: str = "") -> Article:
    from_status = from_status or effective_status(article)
    article.status = to
    article.save(update_fields=["status", "publish_at", "updated_at"])
    transition = Transition.objects.create(article=article, user=user if user and user.is_authenticated else None,
                                           from_status=from_status, to_status=to, note=note)
    revisions.record(article, user, reason=reason or Status(to).label)
    notifications.on_transition(transition)
    return article


# --- Transitions --------------------------------------------------------------


@transaction.atomic
def submit(article: Article, user) -> Article:
    """Draft -> in review. Raises PermissionDenied, InvalidTransition."""
    article = _lock(article)
    _require(article, user, "submit")
    return _move(article, user, Status.IN_REVIEW, reason=_("Gửi duyệt"))


@transaction.atomic
def approve(article: Article, user, note: str = "") -> Article:
    """In review -> approved, in a section that needs a second approval. Raises as submit."""
    article = _lock(article)
    _require(article, user, "approve")
    return _move(article, user, Status.APPROVED, note=(note or "").strip(), reason=_("Duyệt cấp 1"))


@transaction.atomic
def publish(article: Article, user, at: datetime.datetime | None = None) -> Article:
    """Publish now, or schedule when `at` is in the future.

    Raises PermissionDenied, InvalidTransition, or NotReadyToPublish listing
    everything missing. A past `at` publishes with that time.
    """
    article = _lock(article)
    _require(article, user, "publish")
    problems = publishing_problems(article)
    if problems:
        raise NotReadyToPublish(problems, code="not_ready")
    now = timezone.now()
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    when = at or now
    from_status = effective_status(article)
    article.publish_at = when
    if when > now:
        return _move(article, user, Status.SCHEDULED, reason=_("Hẹn giờ đăng"), from_status=from_status)
    return _move(article, user, Status.PUBLISHED, reason=_("Đăng bài"), from_status=from_status)


# The local time (Asia/Ho_Chi_Minh) given to an imported article published on its original date:
# the legacy exports keep the day only, and a morning hour reads as an ordinary edition.
IMPORTED_PUBLISH_TIME = datetime.time(8, 0)


def original_publish_time(article: Article, now: datetime.datetime | None = None) -> datetime.datetime:
    """When an imported article first appeared: its source_published_on at IMPORTED_PUBLISH_TIME local
    time (not later than now, for an article of today). Raises InvalidTransition when the article was
    not imported, has no original date, or its date is in the future."""
    if not article.source_id:
        raise InvalidTransition(_("Bài không phải bài nhập từ hệ thống cũ: hãy dùng “Đăng ngay”."))
    if article.source_published_on is None:
        raise InvalidTransition(_("Bài nhập chưa có ngày đăng gốc: nhập ngày ở mục “Nguồn” hoặc dùng “Đăng ngay”."))
    now = now or timezone.now()
    at = datetime.datetime.combine(article.source_published_on, IMPORTED_PUBLISH_TIME,
                                   tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    if article.source_published_on > timezone.localdate(now, zoneinfo.ZoneInfo(settings.TIME_ZONE)):
        raise InvalidTransition(_("Ngày đăng gốc %(date)s ở tương lai: kiểm tra lại ngày ở mục “Nguồn”.")
                                % {"date": article.source_published_on.strftime("%d/%m/%Y")})
    return min(at, now)


@transaction.atomic
def publish_imported(article: Article, user) -> Article:
    """Publish an imported article with its original publication date (original_publish_time).

    The same rules as publish (role, state, publishing checks), then the date:
    raises PermissionDenied, InvalidTransition or NotReadyToPublish.
    """
    article = _lock(article)
    _require(article, user, "publish")
    return publish(article, user, at=original_publish_time(article))


@transaction.atomic
def return_to_draft(article: Article, user, note: str) -> Article:
    """Back to the reporter as a draft, with the editor's note. Cancels a schedule."""
    article = _lock(article)
    _require(article, user, "return_to_draft")
    note = _require_note(note)
    if article.status == Status.SCHEDULED:
        # A take-down: links sent while it was scheduled must not show the reporter's next draft.
        article.publish_at = None
        previews.revoke(article)
    return _move(article, user, Status.DRAFT, note=note, reason=_("Trả lại phóng viên"))


@transaction.atomic
def unpublish(article: Article, user, note: str) -> Article:
    """Take a published (or scheduled) article off the site, with a note."""
    article = _lock(article)
    _require(article, user, "unpublish")
    note = _require_note(note)
    # Preview links would otherwise keep showing the article, and every later edit of it.
    previews.revoke(article)
    return _move(article, user, Status.UNPUBLISHED, note=note, reason=_("Gỡ bài"))


def publish_due(now: datetime.datetime | None = None) -> int:
    """Store `published` for scheduled articles whose time has come (tidiness only:
    live() already shows them). Returns how many were flipped."""
    now = now or timezone.now()
    count = 0
    for pk in Article.objects.not_trashed().filter(status=Status.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            article = _lock(Article(pk=pk))
            if article.status != Status.SCHEDULED or article.publish_at > now:
                continue
            article.status = Status.PUBLISHED
            article.save(update_fields=["status", "updated_at"])
            Transition.objects.create(article=article, user=None, from_status=Status.SCHEDULED,
                                      to_status=Status.PUBLISHED, note=_("Đến giờ đăng theo lịch."))
            count += 1
    return count


# --- Reading the history -------------------------------------------------------


def return_note(article: Article) -> Transition | None:
    """The editor's note if the article's last transition returned it to draft."""
    last = article.transitions.select_related("user").first()
    if last and last.to_status == Status.DRAFT and article.status == Status.DRAFT:
        return last
    return None


def state_since(article: Article) -> datetime.datetime:
    """When the article entered its current (stored) state: its last Transition to that status.

    Without one (an imported article, a draft never moved) a published article counts from its
    publication time and anything else from its creation. with_state_since() is the same rule for
    a queryset.
    """
    last = article.transitions.filter(to_status=article.status).first()
    if last is not None:
        return last.created_at
    if article.status == Status.PUBLISHED and article.publish_at is not None:
        return article.publish_at
    return article.created_at


def with_state_since(queryset):
    """The queryset's articles annotated with `state_since` (state_since(), in SQL) and, for the desk's
    "returned to me" list, `last_to` and `last_note` of their last Transition whatever its status."""
    transitions = Transition.objects.filter(article=OuterRef("pk")).order_by("-created_at", "-pk")
    entered = transitions.filter(to_status=OuterRef("status")).values("created_at")[:1]
    return queryset.annotate(
        state_since=Coalesce(Subquery(entered),
                             Case(When(Q(status=Status.PUBLISHED) & Q(publish_at__isnull=False), then="publish_at")),
                             "created_at"),
        last_to=Subquery(transitions.values("to_status")[:1]),
        last_note=Subquery(transitions.values("note")[:1]),
    )


def format_wait(delta: datetime.timedelta) -> str:
    """A waiting time in Vietnamese: "2 ngày 3 giờ", "5 giờ 12 phút", "8 phút"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)s ngày %(h)s giờ") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s giờ %(m)s phút") % {"h": hours, "m": minutes}
    return _("%(m)s phút") % {"m": minutes}



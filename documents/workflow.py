"""Every change of a document's publication state, and who may make it.

Only this module writes Document.state. Each step locks the document, checks the
user's role and the document's state, moves it, and writes a DocumentTransition
(who, when, the note) in the same transaction.

Roles: Editors, Chief editors and Document clerks (Văn thư; the group "Document
clerk", created by migration 0002) publish and withdraw documents and moderate
comments; superusers may do everything; reporters and other staff may not.

    action     who            from                 note
    publish    manage role    draft, withdrawn     optional
    withdraw   manage role    published            required

Checks run in this order: role (PermissionDenied), state (InvalidTransition),
then the note or the publishing checks (ValidationError).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Document, DocumentTransition, State

EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"
DOCUMENT_CLERK = "Document clerk"
MANAGING_GROUPS = frozenset({EDITOR, CHIEF_EDITOR, DOCUMENT_CLERK})


class InvalidTransition(ValidationError):
    """The document's current state does not allow this change."""


def can_manage(user) -> bool:
    """May publish and withdraw documents and moderate comments."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=MANAGING_GROUPS).exists()


ALLOWED_FROM = {
    "publish": {State.DRAFT, State.WITHDRAWN},
    "withdraw": {State.PUBLISHED},
}
ACTION_LABELS = {"publish": "Công bố", "withdraw": "Thu hồi"}


def _require(document: Document, user, action: str) -> None:
    if not can_manage(user):
        raise PermissionDenied(_("Chỉ biên tập viên, trưởng ban biên tập và văn thư được công bố hoặc thu hồi "
                                 "văn bản."))
    if document.state not in ALLOWED_FROM[action]:
        raise InvalidTransition(_("Không thể “%(action)s” khi văn bản đang ở tình trạng “%(state)s”.") % {
            "action": _(ACTION_LABELS[action]), "state": State(document.state).label})


def allowed_actions(document: Document, user) -> list[str]:
    allowed = []
    for action in ALLOWED_FROM:
        try:
            _require(document, user, action)
        except (PermissionDenied, InvalidTransition):
            continue
        allowed.append(action)
    return allowed


def publishing_problems(document: Document) -> list[str]:
    """What the document lacks before readers may see it, in Vietnamese; empty when ready."""
    problems = []
    if not document.summary.strip():
        problems.append(_("Thiếu trích yếu."))
    if not document.kind.accepts_comments:
        if not document.number:
            problems.append(_("Thiếu số ký hiệu."))
        if not document.issued_on:
            problems.append(_("Thiếu ngày ban hành."))
    return problems


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update(of=("self",)).select_related("kind", "issuing_body").get(
        pk=document.pk)


def _move(document: Document, user, to: str, note: str = "") -> Document:
    from_state = document.state
    document.state = to
    if to == State.PUBLISHED and document.published_at is None:
        document.published_at = timezone.now()
    # A save (not an update): the page cache's signals see it and drop cached pages.
    document.save(update_fields=["state", "published_at", "updated_at"])
    DocumentTransition.objects.create(document=document, user=user if user and user.is_authenticated else None,
                                      from_state=from_state, to_state=to, note=note)
    return document


@transaction.atomic
def publish(document: Document, user, note: str = "") -> Document:
    """Make a draft (or a withdrawn document) public.

    Raises PermissionDenied, InvalidTransition, or ValidationError listing what is missing.
    """
    document = _lock(document)
    _require(document, user, "publish")
    problems = publishing_problems(document)
    if problems:
        raise ValidationError(problems, code="not_ready")
    return _move(document, user, State.PUBLISHED, note=(note or "").strip())


@transaction.atomic
def withdraw(document: Document, user, note: str) -> Document:
    """Take a published document off the site (its address answers 410), with the reason.

    Raises PermissionDenied, InvalidTransition, ValidationError (no note).
    """
    document = _lock(document)
    _require(document, user, "withdraw")
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi lý do thu hồi."), code="note_required")
    return _move(document, user, State.WITHDRAWN, note=note)

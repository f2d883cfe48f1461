"""Public comments on drafts: receiving them, moderating them, exporting them.

`submit_comment` is the one function that stores a comment: it runs every check
(open window, hidden field, minimum time on the page, per-address rate limit,
size limits) and refuses with a Vietnamese message (CommentRefused), or stores
the comment in one transaction and emails the receiving unit after the commit.
`moderate` is the one function that changes a comment's status.
"""

import csv
import hashlib
import io
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, CommentStatus, Consultation, ConsultationPart, local_time
from .workflow import can_manage

TOKEN_SALT = "documents.comment-form"
# A page left open longer than this must be reloaded before sending.
TOKEN_MAX_AGE = 2 * 24 * 3600


class CommentRefused(Exception):
    """A comment refused as a whole (closed, spam check, rate limit); `message` is Vietnamese."""

    def __init__(self, message: str, *, code: str, status: int = 400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


def form_token(consultation: Consultation, *, issued_at: float | None = None) -> str:
    """The signed time the form was shown, for the minimum-time-on-page check."""
    return signing.dumps({"c": consultation.pk, "t": int(issued_at if issued_at is not None else time.time())},
                         salt=TOKEN_SALT)


def _check_token(consultation: Consultation, token: str) -> None:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise CommentRefused(_("Trang góp ý đã mở quá lâu. Vui lòng tải lại trang rồi gửi lại góp ý."),
                             code="token_expired") from None
    except signing.BadSignature:
        raise CommentRefused(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi gửi lại góp ý."),
                             code="token_invalid") from None
    if not isinstance(data, dict) or data.get("c") != consultation.pk:
        raise CommentRefused(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi gửi lại góp ý."),
                             code="token_invalid")
    age = time.time() - data.get("t", 0)
    if age > TOKEN_MAX_AGE:
        raise CommentRefused(_("Trang góp ý đã mở quá lâu. Vui lòng tải lại trang rồi gửi lại góp ý."),
                             code="token_expired")
    if age < settings.DOCUMENT_COMMENT_MIN_SECONDS:
        raise CommentRefused(_("Góp ý được gửi quá nhanh sau khi mở trang. Vui lòng đọc lại góp ý và gửi lại "
                               "sau vài giây."), code="too_fast")


def _rate_key(address: str) -> str:
    return "documents:comment-rate:" + hashlib.sha256(address.encode()).hexdigest()


def address_hash(address: str | None) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address or ''}".encode()).hexdigest()


def _check_rate(address: str | None) -> None:
    limit = settings.DOCUMENT_COMMENT_RATE_LIMIT
    if not address or limit <= 0:
        return
    if (cache.get(_rate_key(address)) or 0) >= limit:
        minutes = max(settings.DOCUMENT_COMMENT_RATE_WINDOW_SECONDS // 60, 1)
        raise CommentRefused(_("Địa chỉ mạng này đã gửi %(n)s góp ý trong %(minutes)s phút qua. Vui lòng thử lại "
                               "sau.") % {"n": limit, "minutes": minutes}, code="rate_limited", status=429)


def _count_rate(address: str | None) -> None:
    if not address:
        return
    key = _rate_key(address)
    if cache.add(key, 1, timeout=settings.DOCUMENT_COMMENT_RATE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.DOCUMENT_COMMENT_RATE_WINDOW_SECONDS)


def check_window(consultation: Consultation, now=None) -> None:
    """Refuse unless the consultation is open now (computed on each call: no job closes it)."""
    now = now or timezone.now()
    if now < consultation.opens_at:
        raise CommentRefused(_("Dự thảo chưa mở lấy ý kiến: bắt đầu nhận góp ý từ %(time)s.") % {
            "time": local_time(consultation.opens_at)}, code="not_open", status=403)
    if now >= consultation.closes_at:
        raise CommentRefused(_("Đã hết hạn lấy ý kiến lúc %(time)s: góp ý không được nhận.") % {
            "time": local_time(consultation.closes_at)}, code="closed", status=403)


@dataclass
class CommentData:
    """What the (already validated) form holds."""

    name: str
    body: str
    email: str = ""
    phone: str = ""
    organisation: str = ""
    part: ConsultationPart | None = None
    publish_name: bool = False


def submit_comment(consultation: Consultation, data: CommentData, *, address: str | None, token: str,
                   honeypot: str = "") -> Comment:
    """Store one public comment, or raise CommentRefused (nothing stored).

    The honeypot (a field people do not see) must be empty; the form must have
    been shown at least DOCUMENT_COMMENT_MIN_SECONDS ago (signed token); an address
    may send DOCUMENT_COMMENT_RATE_LIMIT comments per window.
    """
    check_window(consultation)
    if honeypot.strip():
        raise CommentRefused(_("Góp ý bị từ chối: ô “Để trống ô này” phải để trống (chống thư rác)."),
                             code="honeypot")
    _check_token(consultation, token)
    _check_rate(address)
    if data.part is not None and data.part.consultation_id != consultation.pk:
        raise CommentRefused(_("Phần được chọn không thuộc dự thảo này."), code="bad_part")
    comment = Comment(consultation=consultation, part=data.part, name=data.name, email=data.email,
                      phone=data.phone, organisation=data.organisation, body=data.body,
                      publish_name=data.publish_name, address_hash=address_hash(address))
    try:
        comment.full_clean()
    except ValidationError as error:
        raise CommentRefused(" ".join(error.messages), code="invalid") from None
    with transaction.atomic():
        comment.save()
        transaction.on_commit(lambda: _notify_unit(comment.pk))
    _count_rate(address)
    return comment


def _notify_unit(comment_pk: int) -> None:
    """One email to the receiving unit per new comment (after the commit)."""
    comment = Comment.objects.select_related("consultation__document__kind", "part").get(pk=comment_pk)
    consultation = comment.consultation
    document = consultation.document
    lines = [
        _("Có góp ý mới cho dự thảo: %(title)s") % {"title": document.summary},
        "",
        _("Người góp ý: %(name)s") % {"name": comment.name},
        _("Thư điện tử: %(email)s") % {"email": comment.email or "—"},
        _("Điện thoại: %(phone)s") % {"phone": comment.phone or "—"},
        _("Cơ quan, tổ chức: %(org)s") % {"org": comment.organisation or "—"},
        _("Phần góp ý: %(part)s") % {"part": comment.part or _("Toàn bộ dự thảo")},
        _("Đồng ý công khai tên: %(yes)s") % {"yes": _("Có") if comment.publish_name else _("Không")},
        "",
        comment.body,
        "",
        _("Xử lý góp ý trong trang quản trị: %(url)s") % {
            "url": f"{settings.SITE_URL}/admin/documents/comment/{comment.pk}/change/"},
    ]
    send_mail(subject=_("[Góp ý dự thảo] %(title)s") % {"title": document.short_summary},
              message="\n".join(lines), from_email=None, recipient_list=[consultation.unit_email],
              fail_silently=True)


# --- Moderation ----------------------------------------------------------------------------------

MODERATION_ACTIONS = {
    "accept": CommentStatus.ACCEPTED,
    "keep_private": CommentStatus.PRIVATE,
    "spam": CommentStatus.SPAM,
}


@transaction.atomic
def moderate(comment: Comment, user, decision: str) -> Comment:
    """Accept for publication, keep private or reject as spam. Raises PermissionDenied, ValueError."""
    if not can_manage(user):
        raise PermissionDenied(_("Chỉ đơn vị tiếp nhận (biên tập viên, trưởng ban biên tập, văn thư) được xử lý "
                                 "góp ý."))
    status = MODERATION_ACTIONS[decision]
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status = status
    comment.moderated_by = user
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


# --- Export ----------------------------------------------------------------------------------------

EXPORT_HEADER = ["STT", "Gửi lúc", "Phần", "Họ và tên", "Thư điện tử", "Điện thoại", "Cơ quan, tổ chức",
                 "Nội dung góp ý", "Đồng ý công khai tên", "Xử lý"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ (a formula) gets an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def export_rows(comments) -> list[list[str]]:
    comments = comments.select_related("part").order_by("part__order", "part__pk", "created_at", "pk")
    rows = [list(EXPORT_HEADER)]
    for number, comment in enumerate(comments, start=1):
        rows.append([str(number), local_time(comment.created_at), str(comment.part or _("Toàn bộ dự thảo")),
                     *(neutralise(value) for value in (comment.name, comment.email, comment.phone,
                                                       comment.organisation, comment.body)),
                     _("Có") if comment.publish_name else _("Không"), str(comment.get_status_display())])
    return rows


def export_csv(comments) -> bytes:
    """UTF-8 with BOM (Excel reads Vietnamese correctly), comma separated."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(export_rows(comments))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(comments) -> bytes:
    from openpyxl import Workbook  # only the export needs it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gop y"
    for row in export_rows(comments):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text, never a formula, whatever it starts with
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

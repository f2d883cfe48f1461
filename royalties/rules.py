"""Who may do what with royalties, the checks, and every write.

Each write is one function: it checks the user's role (PermissionDenied), then
the state and the figures (ValidationError, Vietnamese), writes, and records an
AuditLog row with the values before and after, all in one transaction. The
admin, the command and the demo call these; nothing else writes a record, a
share or an adjustment line.

Roles (groups): Editor, Chief editor (the newsroom's, articles/0003), Accountant
(Kế toán, royalties/0002); superusers may do everything.

    action                      who
    see records, propose,       Editor, Chief editor
    change genre, shares,
    adjust a proposed record
    approve, reopen, adjust     Chief editor
    any unpaid record or add
    a correction to a paid one,
    clear a flag, edit the
    grading table
    see sheets and the log      Chief editor, Accountant
    mark paid                   Accountant
    edit unit values            Chief editor, Accountant
    Reporter                    nothing

Amounts: a record's base is coefficient × unit value (the value in force on the
article's publication day). A line is one share of one record in one month:
base × share, plus that month's adjustment lines × share, rounded half up to
the đồng once; totals are sums of lines. All in Decimal.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from authors.models import Author

from .models import (Adjustment, AdjustmentKind, AuditLog, GradingRow, GradingTable, RecordStatus, Role,
                     RoyaltyPhoto, RoyaltyRecord, RoyaltyShare, UnitValue)

EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"
ACCOUNTANT = "Accountant"
REPORTER = "Reporter"

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
# The decree's payment deadline: lines still unpaid this long after publication are flagged.
PAYMENT_DEADLINE_DAYS = 60


# --- Roles (the one place) -------------------------------------------------------


def _groups(user) -> set[str]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_royalties_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._royalties_groups = cached
    return cached


def _superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_chief_editor(user) -> bool:
    return _superuser(user) or CHIEF_EDITOR in _groups(user)


def is_editor(user) -> bool:
    """Editors and chief editors (a chief editor is also an editor), as in articles/workflow.py;
    written again here because royalties imports only articles.models."""
    return is_chief_editor(user) or EDITOR in _groups(user)


def is_accountant(user) -> bool:
    return _superuser(user) or ACCOUNTANT in _groups(user)


def can_view_records(user) -> bool:
    return is_editor(user) or is_accountant(user)


def can_propose(user) -> bool:
    return is_editor(user)


def can_approve(user) -> bool:
    return is_chief_editor(user)


def can_view_sheets(user) -> bool:
    return is_chief_editor(user) or is_accountant(user)


def can_mark_paid(user) -> bool:
    return is_accountant(user)


def can_edit_grading(user) -> bool:
    return is_chief_editor(user)


def can_edit_unit_values(user) -> bool:
    return is_chief_editor(user) or is_accountant(user)


def can_adjust(user, record: RoyaltyRecord) -> bool:
    if record.status == RecordStatus.PROPOSED:
        return is_editor(user)
    return is_chief_editor(user)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Months, days, figures ---------------------------------------------------------


def parse_month(value: str) -> datetime.date:
    """'2025-03' -> date(2025, 3, 1). Raises ValidationError."""
    try:
        year, month = str(value).strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise ValidationError(_("Tháng phải có dạng NNNN-TT, ví dụ 2025-03."), code="bad_month") from None


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as [start, end) in local time, for filtering publish_at."""
    def local_midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    return local_midnight(month), local_midnight(next_month(month))


def month_label(month: datetime.date) -> str:
    return f"{month.month:02d}/{month.year}"


def publication_day(article: Article) -> datetime.date:
    return timezone.localdate(article.publish_at)


def to_decimal(value, *, field: str) -> Decimal:
    """A Decimal with at most two decimals from user input (a comma is a decimal point)."""
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("%(field)s phải là một số.") % {"field": field}, code="not_a_number") from None
    if not number.is_finite() or number != number.quantize(CENT):
        raise ValidationError(_("%(field)s chỉ có tối đa hai chữ số thập phân.") % {"field": field},
                              code="too_precise")
    return number.quantize(CENT)


def round_dong(amount: Decimal) -> int:
    """Half up to the đồng: 0.5 đ goes up, -0.5 đ goes down (away from zero)."""
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def grading_table_for(day: datetime.date) -> GradingTable:
    table = GradingTable.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    if table is None:
        raise ValidationError(_("Chưa có bảng hệ số nhuận bút áp dụng cho ngày %(day)s.")
                              % {"day": day.strftime("%d/%m/%Y")}, code="no_table")
    return table


def unit_value_for(day: datetime.date) -> UnitValue:
    value = UnitValue.objects.filter(starts_on__lte=day).order_by("-starts_on").first()
    if value is None:
        raise ValidationError(
            _("Chưa có giá trị một đơn vị hệ số cho tháng %(month)s: kế toán hoặc trưởng ban cần nhập trước.")
            % {"month": month_label(day)}, code="no_unit_value")
    return value


def require_unit_value_for_month(month: datetime.date) -> None:
    """A sheet needs a unit value in force at some point of the month. Raises ValidationError."""
    if not UnitValue.objects.filter(starts_on__lt=next_month(month)).exists():
        raise ValidationError(
            _("Chưa có giá trị một đơn vị hệ số cho tháng %(month)s: kế toán hoặc trưởng ban cần nhập trước.")
            % {"month": month_label(month)}, code="no_unit_value")


def check_coefficient(row: GradingRow, coefficient: Decimal) -> None:
    """Within the genre's range and not above the decree's cap. Raises ValidationError."""
    if coefficient > row.decree_cap:
        raise ValidationError(
            _("Hệ số %(value)s vượt mức trần %(cap)s của thể loại “%(genre)s” theo nghị định.")
            % {"value": coefficient, "cap": row.decree_cap, "genre": row.name}, code="above_cap")
    if not row.min_coefficient <= coefficient <= row.max_coefficient:
        raise ValidationError(
            _("Hệ số %(value)s nằm ngoài khung %(min)s–%(max)s của thể loại “%(genre)s”.")
            % {"value": coefficient, "min": row.min_coefficient, "max": row.max_coefficient, "genre": row.name},
            code="out_of_range")


# --- Shares ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareSpec:
    author: Author
    role: str
    percent: Decimal


def split_equally(count: int, total: Decimal) -> list[Decimal]:
    """`count` parts of `total` to the cent, summing exactly to it; the first parts take the extra cents."""
    if count <= 0:
        return []
    part = (total / count).quantize(CENT, rounding="ROUND_DOWN")
    parts = [part] * count
    extra = int(((total - part * count) / CENT).to_integral_value())
    for index in range(extra):
        parts[index] += CENT
    return parts


_CREDIT_PREFIXES = ("tin, ảnh:", "tin và ảnh:", "ảnh:", "ảnh -", "ảnh –", "ảnh", "photo:")


def credit_name(credit: str) -> str:
    """The person's name in a photo credit: "Ảnh: Ngọc Minh" -> "Ngọc Minh"."""
    text = " ".join((credit or "").split())
    lowered = text.casefold()
    for prefix in _CREDIT_PREFIXES:
        if lowered.startswith(prefix):
            return text[len(prefix):].strip(" :-–")
    return text


@dataclass
class PhotoCredits:
    payable: list  # [(photo, author)] not yet paid through another record
    reused: list  # [photo] already paid through another article
    unmapped: list  # [credit text] naming nobody in the author list


def photo_credits(article: Article, *, record: RoyaltyRecord | None = None) -> PhotoCredits:
    """The photos of an article that earn a photo share, and why the others do not."""
    result = PhotoCredits([], [], [])
    seen = set()
    slots = article.photo_slots.select_related("photo").filter(photo__isnull=False)
    paid_elsewhere = dict(RoyaltyPhoto.objects.filter(photo__in=[slot.photo_id for slot in slots])
                          .exclude(record=record).values_list("photo_id", "record_id")) if slots else {}
    for slot in slots:
        if slot.photo_id in seen:
            continue
        seen.add(slot.photo_id)
        if slot.photo_id in paid_elsewhere:
            result.reused.append(slot.photo)
            continue
        credit = slot.display_credit
        author = Author.find_by_name(credit_name(credit)) if credit_name(credit) else None
        if author is None:
            if credit:
                result.unmapped.append(credit)
            continue
        result.payable.append((slot.photo, author))
    return result


def default_shares(*, article: Article, table: GradingTable, credits: PhotoCredits) -> list[ShareSpec]:
    """Writers in byline order share equally; when photos are paid separately, the
    photographers share the table's photo part by the number of their photos."""
    writers = list(article.byline())
    photographers: dict[int, list] = {}
    if table.pays_photos_separately:
        for _photo, author in credits.payable:
            photographers.setdefault(author.pk, [author, 0])[1] += 1
    if not writers and not photographers:
        raise ValidationError(_("Bài chưa có tác giả nào để chia nhuận bút."), code="no_authors")
    photo_part = HUNDRED if not writers else (table.photo_share_percent if photographers else Decimal(0))
    shares = [ShareSpec(author, Role.WRITER, percent)
              for author, percent in zip(writers, split_equally(len(writers), HUNDRED - photo_part))]
    if photographers:
        photo_count = sum(count for _author, count in photographers.values())
        raw = [photo_part * count / photo_count for _author, count in photographers.values()]
        parts = [value.quantize(CENT, rounding="ROUND_DOWN") for value in raw]
        for index in range(int(((photo_part - sum(parts)) / CENT).to_integral_value())):
            parts[index] += CENT
        shares += [ShareSpec(author, Role.PHOTO, part)
                   for (author, _count), part in zip(photographers.values(), parts)]
    return [share for share in shares if share.percent > 0]


def check_shares(shares: list[ShareSpec]) -> None:
    """Each share above 0 with two decimals, one per person and role, summing to exactly 100%."""
    if not shares:
        raise ValidationError(_("Cần ít nhất một người được chia nhuận bút."), code="no_shares")
    seen = set()
    for share in shares:
        if share.role not in Role.values:
            raise ValidationError(_("Vai trò không hợp lệ."), code="bad_role")
        if share.percent <= 0 or share.percent > HUNDRED or share.percent != share.percent.quantize(CENT):
            raise ValidationError(_("Tỷ lệ của %(name)s phải lớn hơn 0, không quá 100%%, tối đa hai chữ số thập "
                                    "phân.") % {"name": share.author.name}, code="bad_percent")
        key = (share.author.pk, share.role)
        if key in seen:
            raise ValidationError(_("%(name)s có hai phần cùng vai trò: hãy gộp lại.") % {"name": share.author.name},
                                  code="duplicate_share")
        seen.add(key)
    total = sum((share.percent for share in shares), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(_("Tổng tỷ lệ chia nhuận bút phải đúng 100%%, hiện là %(total)s%%.")
                              % {"total": f"{total:.2f}"}, code="shares_sum")


# --- Audit --------------------------------------------------------------------------------


def snapshot(record: RoyaltyRecord) -> dict:
    """A record as JSON for the audit log."""
    return {
        "article_id": record.article_id,
        "genre": record.genre,
        "grading_row_id": record.grading_row_id,
        "coefficient": str(record.coefficient),
        "unit_value": str(record.unit_value),
        "status": record.status,
        "flagged": record.flagged,
        "flag_reason": record.flag_reason,
        "paid_on": record.paid_on.isoformat() if record.paid_on else None,
        "shares": [{"author_id": share.author_id, "role": share.role, "percent": str(share.percent)}
                   for share in record.shares.order_by("pk")],
        "adjustments": [{"id": line.pk, "month": line.month.isoformat(), "kind": line.kind, "value": str(line.value),
                         "reason": line.reason, "paid_on": line.paid_on.isoformat() if line.paid_on else None}
                        for line in record.adjustments.order_by("pk")],
    }


def log(*, user, action: str, obj, before: dict | None, after: dict | None,
        record: RoyaltyRecord | None = None) -> AuditLog:
    return AuditLog.objects.create(
        record=record, object_type=obj._meta.model_name, object_id=obj.pk, action=action,
        user=user if user is not None and user.is_authenticated else None, before=before, after=after)


def model_snapshot(obj) -> dict:
    """Any model's concrete fields as JSON-safe values (grading rows, tables, unit values)."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if isinstance(value, (Decimal, datetime.date)):
            value = value.isoformat() if isinstance(value, datetime.date) else str(value)
        data[field.attname] = value
    return data


# --- Writes ---------------------------------------------------------------------------


def _lock(record: RoyaltyRecord) -> RoyaltyRecord:
    return (RoyaltyRecord.objects.select_for_update(of=("self",)).select_related("article", "grading_row")
            .get(pk=record.pk))


def _require_unpaid(record: RoyaltyRecord) -> None:
    if record.status == RecordStatus.PAID:
        raise ValidationError(_("Dòng nhuận bút đã chi trả bị khóa: hãy thêm dòng điều chỉnh ở một tháng sau."),
                              code="paid_locked")


def _require_live(article: Article) -> None:
    if not Article.objects.live().filter(pk=article.pk).exists():
        raise ValidationError(_("Bài không còn đăng trên cổng: chỉ chấm nhuận bút cho bài đang đăng."),
                              code="not_published")


def _grading_for(article: Article, grading_row: GradingRow, coefficient) -> tuple[Decimal, UnitValue]:
    day = publication_day(article)
    table = grading_table_for(day)
    if grading_row.table_id != table.pk:
        raise ValidationError(_("Thể loại “%(genre)s” không thuộc bảng hệ số áp dụng cho ngày đăng %(day)s (%(table)s).")
                              % {"genre": grading_row.name, "day": day.strftime("%d/%m/%Y"), "table": table.name},
                              code="wrong_table")
    coefficient = to_decimal(coefficient, field=_("Hệ số"))
    check_coefficient(grading_row, coefficient)
    return coefficient, unit_value_for(day)


def _has_photos(article: Article) -> bool:
    return article.photo_slots.filter(photo__isnull=False).exists()


def _write_shares(record: RoyaltyRecord, shares: list[ShareSpec]) -> None:
    record.shares.all().delete()
    RoyaltyShare.objects.bulk_create(
        [RoyaltyShare(record=record, author=share.author, role=share.role, percent=share.percent)
         for share in shares])


@transaction.atomic
def propose(*, article: Article, user, grading_row: GradingRow, coefficient=None,
            shares: list[ShareSpec] | None = None, note: str = "") -> RoyaltyRecord:
    """Grade a published article: genre, coefficient (default: the genre's, with or
    without photos), shares (default: see default_shares). Raises PermissionDenied,
    ValidationError (already graded, not published, coefficient, shares, no unit value)."""
    _require(can_propose(user), _("Chỉ biên tập viên được đề xuất nhuận bút."))
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    if RoyaltyRecord.objects.filter(article=article).exists():
        raise ValidationError(_("Bài này đã có nhuận bút: hãy sửa đề xuất đã có."), code="exists")
    _require_live(article)
    has_photos = _has_photos(article)
    if coefficient is None or coefficient == "":
        coefficient = grading_row.default_coefficient(has_photos=has_photos)
    coefficient, unit_value = _grading_for(article, grading_row, coefficient)
    credits = photo_credits(article)
    if shares is None:
        shares = default_shares(article=article, table=grading_row.table, credits=credits)
    check_shares(shares)
    try:
        with transaction.atomic():
            record = RoyaltyRecord.objects.create(
                article=article, grading_row=grading_row, genre=grading_row.name, has_photos=has_photos,
                coefficient=coefficient, unit_value=unit_value.amount, status=RecordStatus.PROPOSED,
                proposed_by=user, proposed_at=timezone.now(), note=(note or "").strip())
            _write_shares(record, shares)
            if grading_row.table.pays_photos_separately:
                RoyaltyPhoto.objects.bulk_create([RoyaltyPhoto(photo=photo, record=record, author=author)
                                                  for photo, author in credits.payable])
    except IntegrityError:
        raise ValidationError(_("Bài này vừa được người khác đề xuất nhuận bút."), code="exists") from None
    log(user=user, action="propose", obj=record, before=None, after=snapshot(record), record=record)
    return record


@transaction.atomic
def change_grading(*, record: RoyaltyRecord, user, grading_row: GradingRow, coefficient, note: str = "") -> RoyaltyRecord:
    """Change the genre and coefficient of a proposed record. Raises PermissionDenied, ValidationError."""
    _require(can_propose(user), _("Chỉ biên tập viên được sửa hệ số nhuận bút."))
    record = _lock(record)
    _require_unpaid(record)
    if record.status != RecordStatus.PROPOSED:
        raise ValidationError(_("Nhuận bút đã duyệt: trưởng ban cần mở lại trước khi sửa."), code="not_proposed")
    before = snapshot(record)
    coefficient, unit_value = _grading_for(record.article, grading_row, coefficient)
    record.grading_row, record.genre, record.coefficient = grading_row, grading_row.name, coefficient
    record.unit_value = unit_value.amount
    if note:
        record.note = note.strip()
    record.save()
    log(user=user, action="change_grading", obj=record, before=before, after=snapshot(record), record=record)
    return record


@transaction.atomic
def set_shares(*, record: RoyaltyRecord, user, shares: list[ShareSpec]) -> RoyaltyRecord:
    """Replace the shares of a proposed record (summing to 100%). Raises PermissionDenied, ValidationError."""
    _require(can_propose(user), _("Chỉ biên tập viên được sửa phần chia nhuận bút."))
    record = _lock(record)
    _require_unpaid(record)
    if record.status != RecordStatus.PROPOSED:
        raise ValidationError(_("Nhuận bút đã duyệt: trưởng ban cần mở lại trước khi sửa."), code="not_proposed")
    check_shares(shares)
    before = snapshot(record)
    _write_shares(record, shares)
    record.save(update_fields=["updated_at"])
    log(user=user, action="set_shares", obj=record, before=before, after=snapshot(record), record=record)
    return record


@transaction.atomic
def approve(*, record: RoyaltyRecord, user) -> RoyaltyRecord:
    """Proposed -> approved, with the unit value in force on the publication day.
    Raises PermissionDenied, ValidationError (state, article not published, figures)."""
    _require(can_approve(user), _("Chỉ trưởng ban biên tập được duyệt nhuận bút."))
    record = _lock(record)
    _require_unpaid(record)
    if record.status != RecordStatus.PROPOSED:
        raise ValidationError(_("Nhuận bút này đã được duyệt."), code="not_proposed")
    _require_live(record.article)
    before = snapshot(record)
    coefficient, unit_value = _grading_for(record.article, record.grading_row, record.coefficient)
    check_shares([ShareSpec(share.author, share.role, share.percent) for share in record.shares.select_related("author")])
    record.coefficient, record.unit_value = coefficient, unit_value.amount
    record.status, record.approved_by, record.approved_at = RecordStatus.APPROVED, user, timezone.now()
    record.save()
    log(user=user, action="approve", obj=record, before=before, after=snapshot(record), record=record)
    return record


@transaction.atomic
def reopen(*, record: RoyaltyRecord, user, reason: str) -> RoyaltyRecord:
    """Approved (unpaid) -> proposed, with a reason. Raises PermissionDenied, ValidationError."""
    _require(can_approve(user), _("Chỉ trưởng ban biên tập được mở lại nhuận bút đã duyệt."))
    record = _lock(record)
    _require_unpaid(record)
    if record.status != RecordStatus.APPROVED:
        raise ValidationError(_("Chỉ mở lại được nhuận bút đã duyệt."), code="not_approved")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do."), code="reason_required")
    before = snapshot(record)
    record.status, record.approved_by, record.approved_at = RecordStatus.PROPOSED, None, None
    record.note = reason
    record.save()
    log(user=user, action="reopen", obj=record, before=before, after=snapshot(record), record=record)
    return record


@transaction.atomic
def add_adjustment(*, record: RoyaltyRecord, user, month: datetime.date, kind: str, value, reason: str) -> Adjustment:
    """An extra or a deduction, paid with `month`'s sheet. On a paid record (a
    correction) the month must come after the one it was paid in. Raises
    PermissionDenied, ValidationError."""
    record = _lock(record)
    _require(can_adjust(user, record), _("Bạn không có quyền thêm dòng điều chỉnh cho nhuận bút này."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do điều chỉnh."), code="reason_required")
    if kind not in AdjustmentKind.values:
        raise ValidationError(_("Loại điều chỉnh không hợp lệ."), code="bad_kind")
    value = to_decimal(value, field=_("Giá trị điều chỉnh"))
    if value == 0:
        raise ValidationError(_("Giá trị điều chỉnh phải khác 0."), code="zero")
    if kind == AdjustmentKind.PERCENT and not -HUNDRED <= value <= HUNDRED:
        raise ValidationError(_("Điều chỉnh theo tỷ lệ từ -100% đến +100%."), code="percent_range")
    month = month_of(month)
    published = month_of(publication_day(record.article))
    if month < published:
        raise ValidationError(_("Tháng điều chỉnh không được trước tháng đăng bài (%(month)s).")
                              % {"month": month_label(published)}, code="month_before")
    if record.status == RecordStatus.PAID and month <= published:
        raise ValidationError(_("Nhuận bút tháng %(month)s đã chi trả: dòng điều chỉnh phải ở một tháng sau.")
                              % {"month": month_label(published)}, code="paid_locked")
    if record.adjustments.filter(month=month, paid_on__isnull=False).exists():
        raise ValidationError(_("Tháng %(month)s của bài này đã chi trả: hãy chọn tháng sau.")
                              % {"month": month_label(month)}, code="paid_locked")
    before = snapshot(record)
    line = Adjustment(record=record, month=month, kind=kind, value=value, reason=reason, created_by=user)
    line.full_clean()
    line.save()
    log(user=user, action="add_adjustment", obj=record, before=before, after=snapshot(record), record=record)
    return line


@transaction.atomic
def remove_adjustment(*, adjustment: Adjustment, user) -> None:
    """Delete an unpaid adjustment line. Raises PermissionDenied, ValidationError."""
    record = _lock(adjustment.record)
    _require(can_adjust(user, record), _("Bạn không có quyền xóa dòng điều chỉnh này."))
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.paid_on is not None or (record.status == RecordStatus.PAID
                                          and adjustment.month <= month_of(publication_day(record.article))):
        raise ValidationError(_("Dòng điều chỉnh đã chi trả bị khóa."), code="paid_locked")
    before = snapshot(record)
    adjustment.delete()
    log(user=user, action="remove_adjustment", obj=record, before=before, after=snapshot(record), record=record)


@transaction.atomic
def mark_paid(*, user, month: datetime.date, paid_on: datetime.date, record_ids: list[int] | None = None) -> int:
    """Mark the month's approved lines paid on `paid_on`: its approved records (by
    publication month) and its adjustment lines. Returns how many records and
    lines were marked. Raises PermissionDenied, ValidationError (nothing to pay,
    a date in the future)."""
    _require(can_mark_paid(user), _("Chỉ kế toán được ghi nhận chi trả nhuận bút."))
    month = month_of(month)
    if paid_on > timezone.localdate():
        raise ValidationError(_("Ngày chi trả không được ở tương lai."), code="future")
    start, end = month_bounds(month)
    records = RoyaltyRecord.objects.select_for_update(of=("self",)).filter(
        status=RecordStatus.APPROVED, article__publish_at__gte=start, article__publish_at__lt=end)
    lines = Adjustment.objects.select_for_update(of=("self",)).filter(
        month=month, paid_on__isnull=True, record__status__in=[RecordStatus.APPROVED, RecordStatus.PAID])
    if record_ids is not None:
        records, lines = records.filter(pk__in=record_ids), lines.filter(record_id__in=record_ids)
    records, lines = list(records), list(lines)
    # An adjustment line of this month on a record published this month is paid with it.
    if not records and not lines:
        raise ValidationError(_("Tháng %(month)s không còn dòng nào đã duyệt mà chưa chi trả.")
                              % {"month": month_label(month)}, code="nothing_to_pay")
    touched = {record.pk: record for record in records}
    for line in lines:
        touched.setdefault(line.record_id, line.record)
    befores = {pk: snapshot(record) for pk, record in touched.items()}
    for record in records:
        record.status, record.paid_on, record.paid_by = RecordStatus.PAID, paid_on, user
        record.save(update_fields=["status", "paid_on", "paid_by", "updated_at"])
    for line in lines:
        line.paid_on, line.paid_by = paid_on, user
        line.save(update_fields=["paid_on", "paid_by"])
    for pk, record in touched.items():
        record.refresh_from_db()
        log(user=user, action="mark_paid", obj=record, before=befores[pk], after=snapshot(record), record=record)
    return len(records) + len(lines)


@transaction.atomic
def clear_flag(*, record: RoyaltyRecord, user) -> RoyaltyRecord:
    """The chief editor has seen why the record was flagged. Raises PermissionDenied."""
    _require(can_approve(user), _("Chỉ trưởng ban biên tập được bỏ đánh dấu."))
    record = _lock(record)
    before = snapshot(record)
    record.flagged, record.flag_reason = False, ""
    record.save(update_fields=["flagged", "flag_reason", "updated_at"])
    log(user=user, action="clear_flag", obj=record, before=before, after=snapshot(record), record=record)
    return record


def flag(*, record: RoyaltyRecord, reason: str) -> None:
    """Mark a record for the chief editor's attention (the article left the site); logged, no user."""
    with transaction.atomic():
        record = _lock(record)
        if record.flagged and record.flag_reason == reason:
            return
        before = snapshot(record)
        record.flagged, record.flag_reason = True, reason[:300]
        record.save(update_fields=["flagged", "flag_reason", "updated_at"])
        log(user=None, action="flag", obj=record, before=before, after=snapshot(record), record=record)

"""Reads of royalties that the admin, the command, the exports and the dashboard share.

A month's sheet holds:
- one line per share of each approved or paid record whose article was
  published that month: base × share, plus that month's adjustment lines of the
  record × share;
- one line per share of each approved or paid record published earlier that has
  adjustment lines in this month (extras, or corrections of a paid line).
Each line is rounded half up to the đồng once; totals are sums of lines.
"""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from . import rules
from .models import Adjustment, RecordStatus, Role, RoyaltyRecord

PANEL_LIMIT = 10
COUNTED = [RecordStatus.APPROVED, RecordStatus.PAID]


@dataclass
class SheetLine:
    record: RoyaltyRecord
    article: Article
    author: object
    role: str
    share_percent: Decimal
    base: Decimal  # unrounded, 0 for a line carrying only a later month's adjustments
    adjustment: Decimal  # unrounded
    amount: int
    reasons: list = field(default_factory=list)
    paid: bool = False

    @property
    def coefficient(self) -> Decimal:
        return self.record.coefficient

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def is_adjustment_only(self) -> bool:
        return self.base == 0


@dataclass
class AuthorSheet:
    author: object
    lines: list
    total: int


def _records(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("article", "article__section").prefetch_related("shares__author", "adjustments")


def sheet_lines(month: datetime.date) -> list[SheetLine]:
    """The month's lines, ordered by author name, publication time, article, role."""
    month = rules.month_of(month)
    start, end = rules.month_bounds(month)
    published = _records(RoyaltyRecord.objects.filter(status__in=COUNTED, article__publish_at__gte=start,
                                                      article__publish_at__lt=end))
    adjusted_earlier = _records(RoyaltyRecord.objects.filter(
        status__in=COUNTED, article__publish_at__lt=start, adjustments__month=month).distinct())
    lines = []
    for record in [*published, *adjusted_earlier]:
        base = record.base_amount
        adjustments = [line for line in record.adjustments.all() if line.month == month]
        adjustment = sum((line.amount_on(base) for line in adjustments), Decimal(0))
        counts_base = record.article.publish_at >= start
        paid = (record.status == RecordStatus.PAID if counts_base else True) and all(
            line.paid_on is not None for line in adjustments)
        for share in record.shares.all():
            part = share.percent / rules.HUNDRED
            line_base = base * part if counts_base else Decimal(0)
            line_adjustment = adjustment * part
            lines.append(SheetLine(
                record=record, article=record.article, author=share.author, role=share.role,
                share_percent=share.percent, base=line_base, adjustment=line_adjustment,
                amount=rules.round_dong(line_base + line_adjustment), reasons=[line.reason for line in adjustments],
                paid=paid))
    lines.sort(key=lambda line: (line.author.name.casefold(), line.author.pk, line.article.publish_at,
                                 line.article.pk, line.role))
    return lines


def sheet_by_author(month: datetime.date, *, author_id: int | None = None) -> list[AuthorSheet]:
    groups: "OrderedDict[int, AuthorSheet]" = OrderedDict()
    for line in sheet_lines(month):
        if author_id is not None and line.author.pk != author_id:
            continue
        group = groups.setdefault(line.author.pk, AuthorSheet(author=line.author, lines=[], total=0))
        group.lines.append(line)
        group.total += line.amount
    return list(groups.values())


def sheet_by_section(month: datetime.date) -> list[dict]:
    """[{"section": name, "lines": [...], "total": int}] in section order; no section last."""
    groups: dict = {}
    for line in sheet_lines(month):
        section = line.article.section
        key = (section.order, section.name, section.pk) if section else (10**9, "", 0)
        group = groups.setdefault(key, {"section": section.name if section else _("(Không chuyên mục)"),
                                        "lines": [], "total": 0})
        group["lines"].append(line)
        group["total"] += line.amount
    return [groups[key] for key in sorted(groups)]


def sheet_json(month: datetime.date) -> list[dict]:
    """The contract shape of `royalties_sheet --format json` (docs/royalties.md)."""
    return [{
        "author": group.author.name,
        "author_id": group.author.pk,
        "lines": [{
            "article_id": line.article.pk,
            "title": line.article.title,
            "published_at": timezone.localtime(line.article.publish_at).isoformat(),
            "genre": line.record.genre,
            "role": line.role,
            "coefficient": f"{line.coefficient:.2f}",
            "share_percent": f"{line.share_percent:.2f}",
            "amount": line.amount,
        } for line in group.lines],
        "total": group.total,
    } for group in sheet_by_author(month)]


def sheet_total(month: datetime.date) -> int:
    return sum(line.amount for line in sheet_lines(month))


def unrecorded_articles(month: datetime.date) -> QuerySet[Article]:
    """Live articles published in the month that have no royalty record yet, oldest first."""
    start, end = rules.month_bounds(rules.month_of(month))
    return (Article.objects.live().filter(publish_at__gte=start, publish_at__lt=end, royalty__isnull=True)
            .select_related("section").prefetch_related("author_links__author", "photo_slots")
            .order_by("publish_at", "pk"))


def records_for(user) -> QuerySet[RoyaltyRecord]:
    """Records this user may see: all for editors, chief editors, accountants; none for others."""
    if not rules.can_view_records(user):
        return RoyaltyRecord.objects.none()
    return RoyaltyRecord.objects.select_related("article", "article__section", "proposed_by", "approved_by")


def overdue_before(today: datetime.date | None = None) -> datetime.datetime:
    """Publication times before this are past the payment deadline."""
    today = today or timezone.localdate()
    day = today - datetime.timedelta(days=rules.PAYMENT_DEADLINE_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def dashboard_panel(user, *, today: datetime.date | None = None) -> list[dict]:
    """What waits for this user in royalties: [{"key", "title", "records", "count", "url"}].

    Chief editors: proposed records to approve, and records flagged for them.
    Accountants: approved, unpaid records. Editors: live articles of this
    month and the last without a record. Each record carries `overdue` (unpaid
    more than 60 days after publication). Empty for everyone else.
    """
    today = today or timezone.localdate()
    deadline = overdue_before(today)
    records = records_for(user).order_by("article__publish_at", "pk")
    changelist = reverse("admin:royalties_royaltyrecord_changelist")
    lists = []
    if rules.can_approve(user):
        lists.append(("to_approve", _("Nhuận bút chờ tôi duyệt"), records.filter(status=RecordStatus.PROPOSED),
                      f"{changelist}?status__exact=proposed"))
        lists.append(("flagged", _("Nhuận bút cần xem lại (bài đã gỡ hoặc vào thùng rác)"),
                      records.filter(flagged=True), f"{changelist}?flagged__exact=1"))
    if rules.can_mark_paid(user):
        lists.append(("to_pay", _("Đã duyệt, chưa chi trả"), records.filter(status=RecordStatus.APPROVED),
                      f"{changelist}?status__exact=approved"))
    result = []
    for key, title, queryset, url in lists:
        items = list(queryset[:PANEL_LIMIT])
        for record in items:
            record.overdue = record.status != RecordStatus.PAID and record.article.publish_at < deadline
        result.append({"key": key, "title": title, "records": items, "count": queryset.count(),
                       "overdue": queryset.filter(~Q(status=RecordStatus.PAID), article__publish_at__lt=deadline)
                       .count(), "url": url})
    if rules.can_propose(user):
        this_month = rules.month_of(today)
        last_month = rules.month_of(this_month - datetime.timedelta(days=1))
        waiting = [(month, unrecorded_articles(month).count()) for month in (last_month, this_month)]
        result.append({"key": "to_propose", "title": _("Bài đã đăng chưa chấm nhuận bút"), "records": [],
                       "months": [{"month": month, "label": rules.month_label(month), "count": count,
                                   "url": reverse("admin:royalties_pending") + f"?month={month:%Y-%m}"}
                                  for month, count in waiting],
                       "count": sum(count for _month, count in waiting), "overdue": 0,
                       "url": reverse("admin:royalties_pending")})
    return result


def adjustments_of(record: RoyaltyRecord) -> QuerySet[Adjustment]:
    return record.adjustments.select_related("created_by", "paid_by").order_by("month", "pk")

"""The newsroom statistics (Thống kê): every figure of the admin's statistics page, as tables.

Each table is headers and rows of plain values (numbers as numbers, dates as
dates), so the page, its charts and the XLSX/CSV downloads show the same
figures. Each function costs a fixed number of queries whatever the range
(aggregates by day in the database; docs/statistics.md says which).
"""

import dataclasses
import datetime
import math
from statistics import median

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Section, Status, Transition

from .models import DailyViews
from .working_hours import working_hours

TOP_COUNT = 20
# A publication of a submitted article: what "time from submission to publication" measures.
SUBMITTED_STATUSES = (Status.IN_REVIEW, Status.APPROVED)
PUBLISHING_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


@dataclasses.dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @property
    def days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the first day's midnight to the midnight after the last day, local time."""
        zone = timezone.get_default_timezone()
        return (datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
                datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone))


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose figures: the site (all None), a section, an author, one article, or several of them at once."""

    section: Section | None = None
    author: object | None = None
    article: Article | None = None

    def filter(self, queryset, prefix: str = ""):
        if self.section is not None:
            queryset = queryset.filter(**{f"{prefix}section": self.section})
        if self.author is not None:
            queryset = queryset.filter(**{f"{prefix}author_links__author": self.author})
        if self.article is not None:
            queryset = queryset.filter(**{f"{prefix}pk": self.article.pk})
        return queryset


@dataclasses.dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list]
    # For the chart above the table: which columns hold the labels and the series.
    chart: dict | None = None


def views_per_day(period: Period, scope: Scope) -> Table:
    """Counted views per day (legacy imported counts belong to no day); one query."""
    rows = scope.filter(DailyViews.objects.filter(day__gte=period.start, day__lte=period.end), prefix="article__")
    by_day = dict(rows.values_list("day").annotate(total=Sum("count")).order_by())
    data = [[day, by_day.get(day, 0)] for day in period.days]
    return Table("views", _("Lượt xem theo ngày"), [_("Ngày"), _("Lượt xem")], data,
                 chart={"type": "line", "series": [_("Lượt xem")]})


def top_articles(period: Period, scope: Scope, count: int = TOP_COUNT) -> Table:
    """The most viewed articles of the period (any state: staff see them all); two queries."""
    rows = scope.filter(DailyViews.objects.filter(day__gte=period.start, day__lte=period.end), prefix="article__")
    top = list(rows.values_list("article").annotate(total=Sum("count")).order_by("-total", "article")[:count])
    articles = Article.objects.filter(pk__in=[pk for pk, _total in top]).select_related("section").only(
        "title", "section__name")
    by_pk = {article.pk: article for article in articles}
    data = []
    for rank, (pk, total) in enumerate(top, start=1):
        article = by_pk.get(pk)
        if article is not None:
            data.append([rank, pk, article.title, article.section.name if article.section_id else "", total])
    return Table("top", _("Bài được xem nhiều nhất"), [_("Hạng"), _("Mã bài"), _("Tiêu đề"), _("Chuyên mục"),
                                                          _("Lượt xem")], data)


def published_per_day(period: Period, scope: Scope) -> Table:
    """Live articles by the day of their publication and their section; two queries."""
    start, end = period.moments
    articles = scope.filter(Article.objects.live().filter(publish_at__gte=start, publish_at__lt=end))
    counts = (articles.annotate(day=TruncDate("publish_at", tzinfo=timezone.get_default_timezone()))
              .values_list("day", "section").annotate(n=Count("pk", distinct=True)).order_by())
    by_day_section = {(day, section): n for day, section, n in counts}
    used = {section for _day, section in by_day_section}
    sections = list(Section.objects.filter(pk__in=[pk for pk in used if pk is not None]).order_by("order", "name"))
    columns = [(section.pk, section.name) for section in sections]
    if None in used:
        columns.append((None, _("(Không chuyên mục)")))
    data = []
    for day in period.days:
        values = [by_day_section.get((day, pk), 0) for pk, _name in columns]
        data.append([day, *values, sum(values)])
    return Table("published", _("Bài đăng theo ngày và chuyên mục"),
                 [_("Ngày"), *[name for _pk, name in columns], _("Tổng")], data,
                 chart={"type": "bar", "stacked": True, "series": [name for _pk, name in columns]})


@dataclasses.dataclass
class Wait:
    article_id: int
    title: str
    section: str
    editor: str
    submitted_at: datetime.datetime
    published_at: datetime.datetime
    hours: float
    working: float


def _user_label(username, first_name, last_name) -> str:
    if username is None:
        return _("(Tự động)")
    return f"{first_name} {last_name}".strip() or username


def waits(period: Period, scope: Scope) -> list[Wait]:
    """Each publication in the period of a submitted article, with its wait since the last submission; two queries.

    A publication is the editor's publish (or schedule) step, from "Chờ duyệt" or
    "Đã duyệt cấp 1": its moment is the editor's decision, not a scheduled time.
    Plain values, not model instances: a year holds tens of thousands of them.
    """
    start, end = period.moments
    publications = scope.filter(Transition.objects.filter(
        created_at__gte=start, created_at__lt=end, to_status__in=PUBLISHING_STATUSES,
        from_status__in=SUBMITTED_STATUSES), prefix="article__")
    rows = list(publications.order_by("created_at", "pk").values_list(
        "article_id", "article__title", "article__section__name", "user__username", "user__first_name",
        "user__last_name", "created_at"))
    submissions: dict[int, list[datetime.datetime]] = {}
    for article_id, moment in (Transition.objects.filter(
            to_status=Status.IN_REVIEW, created_at__lt=end, article__in=publications.values("article_id"))
            .order_by("created_at").values_list("article_id", "created_at")):
        submissions.setdefault(article_id, []).append(moment)
    result = []
    for article_id, title, section, username, first_name, last_name, published in rows:
        before = [moment for moment in submissions.get(article_id, ()) if moment <= published]
        if not before:
            continue
        submitted = before[-1]
        result.append(Wait(article_id, title, section or "", _user_label(username, first_name, last_name),
                           submitted, published, (published - submitted).total_seconds() / 3600,
                           working_hours(submitted, published)))
    return result


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _summary(groups: dict[str, list[Wait]]) -> list[list]:
    rows = []
    for name in sorted(groups):
        items = groups[name]
        hours = [wait.hours for wait in items]
        working = [wait.working for wait in items]
        rows.append([name, len(items), round(median(hours), 1), round(percentile(hours, 0.9), 1),
                     round(median(working), 1), round(percentile(working, 0.9), 1)])
    return rows


def _wait_headers(first: str) -> list[str]:
    return [first, _("Số bài"), _("Trung vị (giờ)"), _("Phân vị 90 (giờ)"), _("Trung vị (giờ làm việc)"),
            _("Phân vị 90 (giờ làm việc)")]


def wait_tables(period: Period, scope: Scope) -> list[Table]:
    """Time from submission to publication per section and per editor, and the articles over the target."""
    items = waits(period, scope)
    by_section: dict[str, list[Wait]] = {}
    by_editor: dict[str, list[Wait]] = {}
    for wait in items:
        section = wait.section or _("(Không chuyên mục)")
        by_section.setdefault(section, []).append(wait)
        by_editor.setdefault(wait.editor, []).append(wait)
    target = settings.PUBLISH_TARGET_WORKING_HOURS
    late = sorted((wait for wait in items if wait.working > target), key=lambda wait: (-wait.working, wait.article_id))
    zone = timezone.get_default_timezone()
    late_rows = [[wait.article_id, wait.title, wait.section, wait.editor,
                  timezone.localtime(wait.submitted_at, zone).replace(tzinfo=None),
                  timezone.localtime(wait.published_at, zone).replace(tzinfo=None), round(wait.working, 1)]
                 for wait in late]
    return [
        Table("wait_sections", _("Thời gian từ gửi duyệt đến đăng, theo chuyên mục"), _wait_headers(_("Chuyên mục")),
              _summary(by_section)),
        Table("wait_editors", _("Thời gian từ gửi duyệt đến đăng, theo biên tập viên"),
              _wait_headers(_("Biên tập viên")), _summary(by_editor)),
        Table("late", _("Bài chờ quá %(hours)s giờ làm việc") % {"hours": target},
              [_("Mã bài"), _("Tiêu đề"), _("Chuyên mục"), _("Biên tập viên"), _("Gửi duyệt lúc"), _("Đăng lúc"),
               _("Giờ làm việc")], late_rows),
    ]


def report(period: Period, scope: Scope) -> list[Table]:
    """Every table of the statistics page, in page order (a bounded number of queries: nine)."""
    return [views_per_day(period, scope), top_articles(period, scope), published_per_day(period, scope),
            *wait_tables(period, scope)]


def table(name: str, period: Period, scope: Scope) -> Table | None:
    """One table by name, for a download (only its own queries)."""
    builders = {"views": lambda: [views_per_day(period, scope)], "top": lambda: [top_articles(period, scope)],
                "published": lambda: [published_per_day(period, scope)],
                "wait_sections": lambda: wait_tables(period, scope), "wait_editors": lambda: wait_tables(period, scope),
                "late": lambda: wait_tables(period, scope)}
    if name not in builders:
        return None
    return next(item for item in builders[name]() if item.name == name)

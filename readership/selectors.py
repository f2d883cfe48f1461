"""Reads of readership figures that public pages share: most read, the public counter."""

import datetime

from django.db.models import Sum

from articles.models import Article, live_q

from .counting import local_day
from .models import DailyViews

MOST_READ_COUNT = 5
MOST_READ_DAYS = 7
MOST_READ_FIELDS = ["title", "slug", "publish_at", "section__slug", "section__name"]


def most_read(*, section_id: int | None = None, days: int = MOST_READ_DAYS, count: int = MOST_READ_COUNT,
              today: datetime.date | None = None) -> list[tuple[Article, int]]:
    """The most viewed live articles of the last `days` days (today included), with their views: two queries.

    Only live articles (Article.objects.live()): never a draft, a trashed or an
    unpublished article, whatever views it had.
    """
    since = (today or local_day()) - datetime.timedelta(days=days - 1)
    rows = DailyViews.objects.filter(live_q(prefix="article__"), day__gte=since)
    if section_id is not None:
        rows = rows.filter(article__section_id=section_id)
    top = list(rows.values_list("article").annotate(total=Sum("count")).order_by("-total", "-article")[:count])
    articles = Article.objects.live().filter(pk__in=[pk for pk, _total in top]).select_related("section")
    by_pk = {article.pk: article for article in articles.only(*MOST_READ_FIELDS)}
    return [(by_pk[pk], total) for pk, total in top if pk in by_pk]


def site_totals(*, today: datetime.date | None = None) -> dict[str, int]:
    """Views counted today (by the beacon) and every view ever counted, legacy imports included: two queries."""
    today_views = DailyViews.objects.filter(day=today or local_day()).aggregate(total=Sum("count"))["total"]
    all_views = Article.objects.aggregate(total=Sum("view_count"))["total"]
    return {"today": today_views or 0, "total": all_views or 0}

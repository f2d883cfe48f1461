"""The admin calendar: scheduled and published articles per local day, a week or a month at a time."""

import datetime

from django.utils import timezone

from ..models import Status

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), timezone.get_current_timezone())


def calendar_context(params, queryset) -> dict:
    """Days from Monday to Sunday, with their articles in local time; `params` is request.GET."""
    view = "month" if params.get("view") == "month" else "week"
    today = timezone.localdate()
    try:
        anchor = datetime.date.fromisoformat(params.get("date", "")) if params.get("date") else today
    except ValueError:
        anchor = today
    if not 2000 <= anchor.year <= 2100:
        anchor = today
    if view == "week":
        first, last = anchor, anchor
        start = anchor - datetime.timedelta(days=anchor.weekday())
        end = start + datetime.timedelta(days=7)
        previous, following = start - datetime.timedelta(days=7), end
    else:
        first = anchor.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        start = first - datetime.timedelta(days=first.weekday())
        end = last + datetime.timedelta(days=7 - last.weekday())
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
    articles = (queryset.filter(status__in=[Status.SCHEDULED, Status.PUBLISHED],
                                publish_at__gte=_local_midnight(start), publish_at__lt=_local_midnight(end))
                .select_related("section").order_by("publish_at"))
    by_day: dict[datetime.date, list] = {}
    for article in articles:
        local = timezone.localtime(article.publish_at)
        article.local_publish_at = local
        by_day.setdefault(local.date(), []).append(article)
    days = []
    day = start
    while day < end:
        days.append({"date": day, "articles": by_day.get(day, []), "today": day == today,
                     "outside": view == "month" and not (first <= day <= last)})
        day += datetime.timedelta(days=1)
    return {
        "view": view,
        "weeks": [days[i:i + 7] for i in range(0, len(days), 7)],
        "weekdays": WEEKDAYS,
        "anchor": anchor,
        "previous": previous,
        "following": following,
        "range_start": start,
        "range_end": end - datetime.timedelta(days=1),
        "count": sum(len(items) for items in by_day.values()),
    }

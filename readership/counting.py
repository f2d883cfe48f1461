"""Counting a view toward its day: one atomic upsert per counted view.

    INSERT ... ON CONFLICT (article_id, day) DO UPDATE SET count = count + n

is the same statement on PostgreSQL and SQLite (3.24+): no increment is lost
when beacons race for the same row, and there is never more than one row per
article and day (the unique constraint). Django's bulk_create(update_conflicts=True)
cannot add to the stored value, hence the SQL.
"""

import datetime

from django.db import connection
from django.utils import timezone

from .models import DailyViews


def local_day(moment: datetime.datetime | None = None) -> datetime.date:
    """The day of `moment` (now by default) in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(moment or timezone.now())


def add_views(*, article_id: int, day: datetime.date, count: int = 1) -> None:
    """Adds `count` views to the article's row for `day`, creating it if needed (atomic)."""
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, count) VALUES (%s, %s, %s) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET count = {table}.count + excluded.count",
            [article_id, day, count])


def record_view(sender, *, article_id: int, viewed_at: datetime.datetime, **kwargs) -> None:
    """Receiver of articles.public.counter.article_viewed (connected in ReadershipConfig.ready)."""
    add_views(article_id=article_id, day=local_day(viewed_at))

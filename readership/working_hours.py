"""Working hours between two moments, for the newsroom's publishing target.

Working time is the periods of PUBLISH_WORKING_PERIODS ("07:30-11:30",
"13:30-17:00" by default) of every Monday to Friday, in the site's time zone
(Asia/Ho_Chi_Minh). Saturdays, Sundays and the dates of PUBLISH_HOLIDAYS
(ISO dates, "2025-09-02") count nothing. A submission on Friday evening
published on Monday at 09:00 waited 1.5 working hours.
"""

import bisect
import datetime
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

SATURDAY = 5


@lru_cache(maxsize=8)
def _periods(spec: tuple[str, ...]) -> tuple[tuple[datetime.time, datetime.time], ...]:
    periods = []
    for item in spec:
        try:
            start, end = (datetime.time.fromisoformat(part.strip()) for part in item.split("-"))
        except ValueError:
            raise ImproperlyConfigured(f"PUBLISH_WORKING_PERIODS: {item!r} is not HH:MM-HH:MM.") from None
        if end <= start:
            raise ImproperlyConfigured(f"PUBLISH_WORKING_PERIODS: {item!r} ends before it starts.")
        periods.append((start, end))
    return tuple(sorted(periods))


@lru_cache(maxsize=8)
def _holidays(spec: tuple[str, ...]) -> frozenset[datetime.date]:
    try:
        return frozenset(datetime.date.fromisoformat(item.strip()) for item in spec)
    except ValueError:
        raise ImproperlyConfigured(f"PUBLISH_HOLIDAYS must be ISO dates (YYYY-MM-DD), not {spec!r}.") from None


def working_periods():
    return _periods(tuple(settings.PUBLISH_WORKING_PERIODS))


def holidays() -> frozenset[datetime.date]:
    return _holidays(tuple(settings.PUBLISH_HOLIDAYS))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in holidays()


# Any Monday: working time is counted from here (the difference of two counts is what matters).
_EPOCH = datetime.date(2000, 1, 3)


@lru_cache(maxsize=8)
def _weekday_holidays(spec: tuple[str, ...]) -> tuple[datetime.date, ...]:
    return tuple(sorted(day for day in _holidays(spec) if day.weekday() < SATURDAY))


def _seconds(moment: datetime.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _working_seconds_until(moment: datetime.datetime) -> float:
    """Working seconds from _EPOCH to `moment` (local): whole working days, then the part of its own day."""
    periods = [(_seconds(begins), _seconds(ends)) for begins, ends in working_periods()]
    day = moment.date()
    weeks, rest = divmod((day - _EPOCH).days, 7)
    days = weeks * 5 + min(rest, 5) - bisect.bisect_left(_weekday_holidays(tuple(settings.PUBLISH_HOLIDAYS)), day)
    total = days * sum(ends - begins for begins, ends in periods)
    if is_working_day(day):
        now = _seconds(moment.time()) + moment.microsecond / 1_000_000
        total += sum(max(0, min(now, ends) - begins) for begins, ends in periods)
    return total


def working_hours(start: datetime.datetime, end: datetime.datetime) -> float:
    """The working hours from `start` to `end` (aware datetimes); 0 when end is not after start."""
    if end <= start:
        return 0.0
    zone = timezone.get_default_timezone()
    return (_working_seconds_until(timezone.localtime(end, zone))
            - _working_seconds_until(timezone.localtime(start, zone))) / 3600

"""Working hours for the publishing target: Monday to Friday, 07:30–11:30 and 13:30–17:00 local time, no holidays."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from readership.working_hours import working_hours


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_a_submission_on_friday_evening_published_on_monday_morning_waited_one_and_a_half_hours():
    friday_evening, monday_morning = local(2025, 3, 7, 19, 0), local(2025, 3, 10, 9, 0)
    assert working_hours(friday_evening, monday_morning) == 1.5


def test_the_lunch_break_and_the_evening_do_not_count():
    assert working_hours(local(2025, 3, 10, 10, 0), local(2025, 3, 10, 14, 0)) == 2.0
    assert working_hours(local(2025, 3, 10, 16, 0), local(2025, 3, 11, 8, 0)) == 1.5
    assert working_hours(local(2025, 3, 10, 0, 0), local(2025, 3, 11, 0, 0)) == 7.5


def test_a_weekend_counts_nothing():
    assert working_hours(local(2025, 3, 8, 8, 0), local(2025, 3, 9, 16, 0)) == 0.0


def test_holidays_count_nothing(settings):
    settings.PUBLISH_HOLIDAYS = ["2025-09-01", "2025-09-02"]
    # Friday 29 August 16:00 to Wednesday 3 September 08:30: Friday 1 h, Wednesday 1 h.
    assert working_hours(local(2025, 8, 29, 16, 0), local(2025, 9, 3, 8, 30)) == 2.0


def test_utc_moments_are_read_in_vietnam_time():
    # 01:00 UTC is 08:00 in Asia/Ho_Chi_Minh.
    start = datetime.datetime(2025, 3, 10, 1, 0, tzinfo=datetime.timezone.utc)
    assert working_hours(start, start + datetime.timedelta(hours=1)) == 1.0


def test_an_end_before_the_start_is_zero():
    assert working_hours(local(2025, 3, 10, 10, 0), local(2025, 3, 10, 9, 0)) == 0.0


def test_the_periods_are_a_setting(settings):
    settings.PUBLISH_WORKING_PERIODS = ["08:00-12:00"]
    assert working_hours(local(2025, 3, 10, 7, 0), local(2025, 3, 10, 17, 0)) == 4.0


@pytest.mark.parametrize("name, value", [("PUBLISH_WORKING_PERIODS", ["7h30-11h30"]),
                                         ("PUBLISH_WORKING_PERIODS", ["11:30-07:30"]),
                                         ("PUBLISH_HOLIDAYS", ["02/09/2025"])])
def test_a_malformed_setting_says_what_is_wrong(settings, name, value):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        working_hours(local(2025, 3, 10, 7, 0), local(2025, 3, 10, 17, 0))


def test_it_agrees_with_counting_quarter_hours_one_by_one(settings):
    import random

    settings.PUBLISH_HOLIDAYS = ["2025-04-30", "2025-05-01", "2025-05-02"]
    holidays = {datetime.date(2025, 4, 30), datetime.date(2025, 5, 1), datetime.date(2025, 5, 2)}
    periods = [(datetime.time(7, 30), datetime.time(11, 30)), (datetime.time(13, 30), datetime.time(17, 0))]

    def counted(start, end):
        quarters, moment = 0, start
        while moment < end:
            clock = timezone.localtime(moment).time()
            day = timezone.localtime(moment).date()
            if day.weekday() < 5 and day not in holidays and any(a <= clock < b for a, b in periods):
                quarters += 1
            moment += datetime.timedelta(minutes=15)
        return quarters / 4

    chance = random.Random(13)
    for _ in range(40):
        start = local(2025, 4, 20, 0, 0) + datetime.timedelta(minutes=15 * chance.randrange(0, 4 * 24 * 20))
        end = start + datetime.timedelta(minutes=15 * chance.randrange(0, 4 * 24 * 9))
        assert working_hours(start, end) == counted(start, end), (start, end)

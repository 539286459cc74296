"""Working days: Monday to Friday except England and Wales bank holidays (DESIGN.md, "Definitions").

The national measures count in working days: an assessment within 45 working days of the referral,
an initial child protection conference within 15 working days of the strategy discussion
(Working Together to Safeguard Children). Day 0 is the starting event's date, so::

    add_working_days(strategy_discussion_date, 15)   # the initial conference is due by this date
    working_days_between(referral_date, today)       # how many working days have passed

Bank holidays come from the pinned `holidays` package (England: the same days as Wales), so no
network is needed. One-off days (the 2022 state funeral, the 2023 coronation, jubilees) are in
it; a newly announced one arrives with an update of the pin.
"""

from __future__ import annotations

import bisect
import datetime
import functools

import holidays

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

_ONE_DAY = datetime.timedelta(days=1)


def _check(value: datetime.date, name: str) -> None:
    # A datetime is a date too, but its day depends on the time zone: callers pass the
    # London date (timezone.localdate(value)), never a time.
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a date (use timezone.localdate() for a time), not {value!r}")


@functools.cache
def _weekday_bank_holidays(year: int) -> tuple[datetime.date, ...]:
    """England and Wales bank holidays of one year that fall Monday to Friday, sorted.

    Substitute days ("observed": Boxing Day on a Saturday moves to Monday) are included."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted(day for day in calendar if day.year == year and day.weekday() < 5))


def _is_bank_holiday(d: datetime.date) -> bool:
    """Whether an England and Wales bank holiday (or its substitute day) falls on this weekday."""
    _check(d, "d")
    days = _weekday_bank_holidays(d.year)
    index = bisect.bisect_left(days, d)
    return index < len(days) and days[index] == d


def is_working_day(d: datetime.date) -> bool:
    """Monday to Friday, and not an England and Wales bank holiday."""
    _check(d, "d")
    return d.weekday() < 5 and not _is_bank_holiday(d)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The nth working day after `start` (before it when n is negative).

    Day 0 is the starting event's date itself, whatever day it is: add_working_days(d, 0) == d
    even on a Saturday or a bank holiday, because the event happened then. Day 1 is the first
    working day after it, so an event on a Saturday has day 1 on the Monday (if it is not a
    bank holiday), exactly as an event on the Friday before does.
    """
    _check(start, "start")
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be a whole number, not {n!r}")
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def _weekdays_up_to(d: datetime.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including d."""
    ordinal = d.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def _bank_holidays_in(after: datetime.date, up_to: datetime.date) -> int:
    """Weekday bank holidays in the interval (after, up_to]."""
    count = 0
    for year in range(after.year, up_to.year + 1):
        days = _weekday_bank_holidays(year)
        count += bisect.bisect_right(days, up_to) - bisect.bisect_right(days, after)
    return count


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    It is the inverse of add_working_days for every start date:
    working_days_between(d, add_working_days(d, n)) == n, for n positive, zero or negative.
    Going forwards it counts the working days in (start, end]; going backwards the mirror
    image, minus the working days in [end, start). So a due date that was the Friday before
    a Saturday is -1 (one working day ago), and a Saturday is 0 working days after a Friday.
    """
    _check(start, "start")
    _check(end, "end")
    if end < start:
        before_start = start - _ONE_DAY
        # [end, start) is (end - 1 day, start - 1 day].
        return -_count(end - _ONE_DAY, before_start)
    return _count(start, end)


def _count(after: datetime.date, up_to: datetime.date) -> int:
    """Working days in (after, up_to], after <= up_to."""
    return _weekdays_up_to(up_to) - _weekdays_up_to(after) - _bank_holidays_in(after, up_to)

"""Working days over England and Wales bank holidays (DESIGN.md, "Definitions": day 0 is the
starting event's date). Every expected date below was counted by hand on a calendar."""

from __future__ import annotations

import datetime

import pytest

from casework.core.working_days import add_working_days, is_working_day, working_days_between


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        ("2025-03-07", True, "an ordinary Friday"),
        ("2025-03-08", False, "Saturday"),
        ("2025-03-09", False, "Sunday"),
        ("2024-12-24", True, "Christmas Eve is not a bank holiday"),
        ("2024-12-25", False, "Christmas Day 2024"),
        ("2024-12-26", False, "Boxing Day 2024"),
        ("2024-12-27", True, "the Friday after Boxing Day"),
        ("2025-01-01", False, "New Year's Day 2025"),
        ("2025-01-02", True, "2 January is a holiday in Scotland only"),
        ("2025-12-25", False, "Christmas Day 2025"),
        ("2025-12-26", False, "Boxing Day 2025"),
        ("2026-01-01", False, "New Year's Day 2026"),
        ("2026-01-02", True, "the Friday after New Year's Day 2026"),
        ("2024-03-29", False, "Good Friday 2024"),
        ("2024-04-01", False, "Easter Monday 2024"),
        ("2025-04-18", False, "Good Friday 2025"),
        ("2025-04-21", False, "Easter Monday 2025"),
        ("2026-04-03", False, "Good Friday 2026"),
        ("2026-04-06", False, "Easter Monday 2026"),
        ("2025-03-17", True, "St Patrick's Day is a holiday in Northern Ireland only"),
        ("2024-07-12", True, "the Battle of the Boyne is a holiday in Northern Ireland only"),
        ("2022-09-19", False, "state funeral of Queen Elizabeth II"),
        ("2023-05-08", False, "coronation of King Charles III"),
        ("2012-06-04", False, "spring bank holiday moved for the 2012 Diamond Jubilee"),
        ("2012-06-05", False, "Diamond Jubilee 2012"),
        ("2022-06-02", False, "spring bank holiday moved for the 2022 Platinum Jubilee"),
        ("2022-06-03", False, "Platinum Jubilee 2022"),
        ("2022-05-30", True, "the usual spring bank holiday date, moved in 2022"),
        ("2022-12-27", False, "substitute for Christmas Day 2022 (a Sunday)"),
        ("2020-12-28", False, "substitute for Boxing Day 2020 (a Saturday)"),
        ("2026-12-28", False, "substitute for Boxing Day 2026 (a Saturday)"),
        ("2023-01-02", False, "substitute for New Year's Day 2023 (a Sunday)"),
        ("2012-01-02", False, "substitute for New Year's Day 2012 (a Sunday)"),
    ],
)
def test_is_working_day(day, working, why):
    assert is_working_day(d(day)) is working, why


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        # Day 0 is the event's own date, whatever day it falls on.
        ("2025-03-07", 0, "2025-03-07", "day 0 on a working day"),
        ("2025-03-08", 0, "2025-03-08", "day 0 on a Saturday stays the Saturday"),
        ("2025-12-25", 0, "2025-12-25", "day 0 on a bank holiday stays the bank holiday"),
        # Weekends
        ("2025-03-07", 1, "2025-03-10", "Friday + 1 is Monday"),
        ("2025-03-08", 1, "2025-03-10", "Saturday + 1 is Monday"),
        ("2025-03-09", 1, "2025-03-10", "Sunday + 1 is Monday"),
        ("2025-03-10", 5, "2025-03-17", "a week of working days"),
        ("2025-03-10", -1, "2025-03-07", "Monday - 1 is Friday"),
        ("2025-03-08", -1, "2025-03-07", "Saturday - 1 is the Friday before"),
        # Christmas and New Year 2024-25
        ("2024-12-24", 1, "2024-12-27", "over Christmas and Boxing Day 2024"),
        ("2024-12-23", 5, "2025-01-02", "Christmas 2024 to New Year 2025"),
        ("2024-12-31", 1, "2025-01-02", "over New Year's Day 2025"),
        # Christmas and New Year 2025-26
        ("2025-12-24", 1, "2025-12-29", "over Christmas, Boxing Day and a weekend"),
        ("2025-12-31", 1, "2026-01-02", "over New Year's Day 2026"),
        # Substitute days
        ("2022-12-23", 1, "2022-12-28", "Boxing Day and the Christmas substitute 2022"),
        ("2022-12-30", 1, "2023-01-03", "New Year's Day 2023 substitute"),
        ("2026-12-24", 1, "2026-12-29", "Christmas 2026 and the Boxing Day substitute"),
        # Easter
        ("2024-03-28", 1, "2024-04-02", "Easter 2024"),
        ("2025-04-17", 1, "2025-04-22", "Easter 2025"),
        ("2026-04-02", 1, "2026-04-07", "Easter 2026"),
        # One-off bank holidays
        ("2022-09-16", 1, "2022-09-20", "state funeral of Queen Elizabeth II"),
        ("2023-05-05", 1, "2023-05-09", "coronation of King Charles III"),
        ("2023-04-28", 1, "2023-05-02", "early May bank holiday 2023"),
        ("2022-06-01", 1, "2022-06-06", "Platinum Jubilee 2022 (Thursday and Friday)"),
        ("2012-06-01", 1, "2012-06-06", "Diamond Jubilee 2012 (Monday and Tuesday)"),
    ],
)
def test_add_working_days(start, n, expected, why):
    assert add_working_days(d(start), n) == d(expected), why


@pytest.mark.parametrize(
    ("strategy_discussion", "conference_due"),
    [
        # Fri 19 Dec 2025: 22, 23, 24 Dec (3); 29, 30, 31 Dec (6); 2 Jan (7); 5-9 Jan (12); 12, 13, 14 Jan (15).
        ("2025-12-19", "2026-01-14"),
        # Thu 26 Mar 2026: 27 Mar-2 Apr (5); Good Friday and Easter Monday; 7-10 Apr (9); 13-17 Apr (14); 20 Apr.
        ("2026-03-26", "2026-04-20"),
        # Mon 12 Sep 2022: 13-16 Sep (4); state funeral 19 Sep; 20-23 (8); 26-30 (13); 3, 4 Oct (15).
        ("2022-09-12", "2022-10-04"),
        # Fri 28 Apr 2023: May Day 1 May; 2-5 May (4); coronation 8 May; 9-12 (8); 15-19 (13); 22, 23 (15).
        ("2023-04-28", "2023-05-23"),
    ],
)
def test_initial_conference_within_15_working_days_of_the_strategy_discussion(strategy_discussion, conference_due):
    assert add_working_days(d(strategy_discussion), 15) == d(conference_due)
    assert working_days_between(d(strategy_discussion), d(conference_due)) == 15


@pytest.mark.parametrize(
    ("referral", "assessment_due"),
    [
        # Mon 3 Mar 2025: nine weeks reach Mon 5 May, but Good Friday, Easter Monday and
        # May Day (5 May) fall inside, so three more working days: 6, 7, 8 May.
        ("2025-03-03", "2025-05-08"),
        # Mon 3 Nov 2025: nine weeks reach Mon 5 Jan 2026, less Christmas, Boxing Day and
        # New Year's Day: 6, 7, 8 Jan.
        ("2025-11-03", "2026-01-08"),
    ],
)
def test_assessment_within_45_working_days_of_the_referral(referral, assessment_due):
    assert add_working_days(d(referral), 45) == d(assessment_due)
    assert working_days_between(d(referral), d(assessment_due)) == 45


@pytest.mark.parametrize(
    ("start", "end", "expected", "why"),
    [
        ("2025-03-10", "2025-03-10", 0, "the same day"),
        ("2025-03-07", "2025-03-10", 1, "Friday to Monday"),
        ("2025-03-07", "2025-03-08", 0, "a Saturday is no working day after Friday"),
        ("2025-03-08", "2025-03-09", 0, "a weekend"),
        ("2025-03-08", "2025-03-07", -1, "the Friday was one working day before the Saturday"),
        ("2025-03-10", "2025-03-07", -1, "Monday back to Friday"),
        ("2024-12-24", "2024-12-27", 1, "over Christmas 2024"),
        ("2026-01-14", "2025-12-19", -15, "backwards over Christmas 2025"),
        ("2024-12-31", "2025-12-31", 253, "2025: 261 weekdays less 8 bank holidays"),
        ("2021-12-31", "2022-12-31", 250, "2022: 260 weekdays less 10 bank holidays on weekdays"),
    ],
)
def test_working_days_between(start, end, expected, why):
    assert working_days_between(d(start), d(end)) == expected, why


@pytest.mark.parametrize("n", [-45, -15, -1, 0, 1, 2, 15, 45])
def test_working_days_between_undoes_add_working_days_for_every_start_date(n):
    start = d("2022-09-01")
    for offset in range(0, 1400, 3):  # weekdays, weekends and bank holidays from 2022 to 2026
        day = start + datetime.timedelta(days=offset)
        assert working_days_between(day, add_working_days(day, n)) == n, day


def test_a_time_is_refused_because_its_date_depends_on_the_time_zone():
    moment = datetime.datetime(2025, 3, 7, 23, 30, tzinfo=datetime.UTC)
    with pytest.raises(TypeError, match="localdate"):
        is_working_day(moment)
    with pytest.raises(TypeError):
        add_working_days(moment, 1)
    with pytest.raises(TypeError):
        working_days_between(d("2025-03-07"), moment)


def test_a_count_must_be_a_whole_number():
    with pytest.raises(TypeError):
        add_working_days(d("2025-03-07"), 1.5)

"""The statutory clock: FOIA s.10 (any UK bank holiday) and FOISA s.73 (Scotland's only)."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from contracts.foi.deadlines import FOIA, FOISA, due_date, is_working_day, regime_for

D = datetime.date
CALENDAR = Path(settings.BASE_DIR) / "data" / "calendars" / "govuk-bank-holidays_cached_2012-2028.json"
# Proclaimed after both GOV.UK snapshots were taken (Scotland's first World Cup match); `holidays` has it.
NEWER_THAN_SNAPSHOT = {D(2026, 6, 15)}


@pytest.mark.parametrize(
    ("received", "nation", "due"),
    [
        # Christmas: 25 Dec, Boxing Day's substitute (28 Dec), 1 Jan, and Scotland's 2 January holiday
        # (a Saturday in 2027, so Monday 4 January) all skipped for an English authority.
        (D(2026, 12, 7), "england", D(2027, 1, 8)),
        (D(2026, 12, 7), "scotland", D(2027, 1, 8)),
        # Easter: Good Friday everywhere; Easter Monday is not a Scottish bank holiday.
        (D(2026, 3, 20), "england", D(2026, 4, 21)),
        (D(2026, 3, 20), "wales", D(2026, 4, 21)),
        (D(2026, 3, 20), "scotland", D(2026, 4, 20)),
        # Early May bank holiday (3 May 2027), UK-wide.
        (D(2027, 4, 19), "england", D(2027, 5, 18)),
        (D(2027, 4, 19), "scotland", D(2027, 5, 18)),
        # St Andrew's Day (Monday 30 November 2026) moves an English request's date too.
        (D(2026, 11, 16), "england", D(2026, 12, 15)),
        (D(2026, 11, 16), "scotland", D(2026, 12, 15)),
        # 12 July (Battle of the Boyne, Northern Ireland) moves an English request's date, not a Scottish one.
        (D(2027, 6, 28), "england", D(2027, 7, 27)),
        (D(2027, 6, 28), "northern-ireland", D(2027, 7, 27)),
        (D(2027, 6, 28), "scotland", D(2027, 7, 26)),
        # ... and in 2026 the 12th is a Sunday, so its substitute Monday 13 July is skipped.
        (D(2026, 6, 29), "england", D(2026, 7, 28)),
        # A request received on a Saturday: the first working day is Monday.
        (D(2026, 1, 10), "england", D(2026, 2, 6)),
    ],
)
def test_due_date_is_the_20th_working_day_following_receipt(received, nation, due):
    assert due_date(received, nation).due == due


def test_explanation_lists_the_holidays_skipped_and_where_they_apply():
    deadline = due_date(D(2026, 11, 16), "england")
    assert [(d.date, d.name, d.places) for d in deadline.skipped_holidays] == [
        (D(2026, 11, 30), "Saint Andrew's Day", "Scotland")
    ]
    christmas = due_date(D(2026, 12, 7), "england").skipped_holidays
    assert [(d.date, d.name) for d in christmas] == [
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 12, 28), "Boxing Day (substitute day)"),
        (D(2027, 1, 1), "New Year's Day"),
        (D(2027, 1, 4), "New Year Holiday (substitute day)"),
    ]
    assert christmas[0].places == "the whole UK"
    assert christmas[3].places == "Scotland"


def test_easter_monday_is_a_working_day_only_for_scottish_authorities():
    easter_monday = D(2026, 4, 6)
    assert not is_working_day(easter_monday, FOIA)
    assert is_working_day(easter_monday, FOISA)
    assert not is_working_day(D(2026, 4, 3), FOISA)  # Good Friday


def test_working_days_elapsed_and_left():
    deadline = due_date(D(2026, 3, 20), "england")
    progress = deadline.progress(D(2026, 4, 7))
    assert (progress.elapsed, progress.left, progress.overdue) == (10, 10, False)
    assert deadline.progress(D(2026, 4, 21)).due_today
    late = deadline.progress(D(2026, 4, 23))
    assert (late.left, late.overdue, late.overdue_by) == (0, True, 2)


def test_scottish_authorities_answer_to_the_scottish_information_commissioner():
    assert regime_for("scotland").regulator == "Scottish Information Commissioner"
    assert regime_for("wales").regulator == "Information Commissioner's Office"
    with pytest.raises(ValueError, match="Unknown nation"):
        regime_for("mars")


def _govuk_weekday_holidays(division: str) -> set[datetime.date]:
    events = json.loads(CALENDAR.read_text())[division]["events"]
    days = {D.fromisoformat(event["date"]) for event in events}
    return {d for d in days if 2019 <= d.year <= 2027 and d.weekday() < 5}


def _weekdays_2019_to_2027():
    day = D(2019, 1, 1)
    while day <= D(2027, 12, 31):
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def test_every_govuk_bank_holiday_is_a_non_working_day_for_the_right_law():
    england_wales = _govuk_weekday_holidays("england-and-wales")
    scotland = _govuk_weekday_holidays("scotland")
    northern_ireland = _govuk_weekday_holidays("northern-ireland")
    assert len(scotland) > 70
    for day in england_wales | scotland | northern_ireland:
        assert not is_working_day(day, FOIA), day
    for day in scotland:
        assert not is_working_day(day, FOISA), day


def test_the_calculator_skips_no_weekday_that_govuk_does_not_list():
    uk = (
        _govuk_weekday_holidays("england-and-wales")
        | _govuk_weekday_holidays("scotland")
        | _govuk_weekday_holidays("northern-ireland")
    )
    scotland = _govuk_weekday_holidays("scotland")
    extra_foia = {d for d in _weekdays_2019_to_2027() if not is_working_day(d, FOIA)} - uk
    extra_foisa = {d for d in _weekdays_2019_to_2027() if not is_working_day(d, FOISA)} - scotland
    assert extra_foia <= NEWER_THAN_SNAPSHOT
    assert extra_foisa <= NEWER_THAN_SNAPSHOT

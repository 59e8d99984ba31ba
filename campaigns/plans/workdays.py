"""Plan deadlines on working days: never a weekend or a bank holiday of the nation the campaign is fought in.

One shared function for seeding (plan_seed) and recounting (plan_recount) so both move a date the same way and say
so in the same words. It reuses the FoI clock's bank-holiday calendar, narrowed to the one nation: a plan deadline
moves for that nation's bank holidays only (FOIA's any-part-of-the-UK rule is about the statutory clock, not about
when a branch can hold a meeting)."""

import dataclasses
import datetime
from collections import Counter

from contracts.foi import deadlines
from contracts.models import PublicAuthority

SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
NOTE_START = "Moved from "
OLD_NOTE_START = "Deadline moved from "  # notes written before the wording changed
PAST_NOTE_START = "The guide's count gives "


def campaign_nation(campaign, contracts) -> str:
    """Where the campaign is fought: its target contracts' authority, else where most of the branch's authorities
    are, else England. (A branch has no nation of its own; its authorities do.)"""
    for contract in contracts:
        return contract.authority.nation
    nations = Counter(PublicAuthority.objects.filter(branch=campaign.branch_id).values_list("nation", flat=True))
    return nations.most_common(1)[0][0] if nations else "england"


def working_day_on_or_before(day: datetime.date, nation: str) -> tuple[datetime.date, str]:
    """The day itself if people work then, else the working day before it, with a note saying why it moved."""
    regime = _regime(nation)
    moved, holidays = day, []
    while (reason := deadlines.non_working_reason(moved, regime)) is not None:
        if moved.weekday() < 5:
            holidays.append(reason)
        moved -= datetime.timedelta(days=1)
    if moved == day:
        return day, ""
    # The date already names the day of the week: the note says what kind of day it is, not the day again; and it
    # names each bank holiday it stepped back over (a Saturday before Good Friday moves to the Thursday).
    first = "a weekend" if day.weekday() >= 5 else f"{holidays.pop(0).name}, a bank holiday"
    also = "".join(f", and past {h.name} ({h.date:%A %-d %B}), a bank holiday" for h in holidays)
    return moved, f"{NOTE_START}{day:%A %-d %B %Y}, {first}{also}, to the working day before."


def next_working_day_after(day: datetime.date, nation: str) -> datetime.date:
    """The first working day after `day`: where a recount puts a deadline that would otherwise be in the past."""
    regime = _regime(nation)
    day += datetime.timedelta(days=1)
    while deadlines.non_working_reason(day, regime) is not None:
        day += datetime.timedelta(days=1)
    return day


def non_working_hint(day: datetime.date | None, nation: str) -> str:
    """ "Saturday: not a working day" (or the bank holiday's name) for a date people do not work on, else ""."""
    if not day:
        return ""
    reason = deadlines.non_working_reason(day, _regime(nation))
    return f"{reason.name}: not a working day" if reason else ""


def deadline_hint(row) -> str:
    """The hint for one row's deadline, typed by hand. It still saves: the officer may mean it (a Saturday
    stall); the hint only says so, on the row and in the PDF, for as long as the date stands."""
    if not row.deadline:
        return ""
    nation = campaign_nation(row.campaign, row.campaign.target_contracts.select_related("authority"))
    return non_working_hint(row.deadline, nation)


def mark_non_working(rows, campaign, contracts=None, *, nation: str | None = None) -> None:
    """Set `row.day_hint` on each row (one nation lookup for them all), for the plan page and the PDF."""
    if nation is None:
        if contracts is None:
            contracts = campaign.target_contracts.select_related("authority")
        nation = campaign_nation(campaign, contracts)
    # The regime built once and each date's hint worked out once: 500 rows share a few hundred dates (issue 21).
    regime = _regime(nation)
    hints = {None: ""}
    for row in rows:
        day = row.deadline
        hint = hints.get(day)
        if hint is None:
            reason = deadlines.non_working_reason(day, regime)
            hint = hints[day] = f"{reason.name}: not a working day" if reason else ""
        row.day_hint = hint


def _regime(nation: str):
    return dataclasses.replace(deadlines.regime_for(nation), subdivisions=(SUBDIVISIONS[nation],))


def past_note(day: datetime.date) -> str:
    return f"{PAST_NOTE_START}{day:%-d %B %Y}, already past: set to the next working day instead."


def replace_note(notes: str, note: str) -> str:
    """The row's notes with any earlier date note swapped for `note` (or removed when it is empty)."""
    starts = (NOTE_START, OLD_NOTE_START, PAST_NOTE_START)
    kept = [line for line in notes.splitlines() if not line.startswith(starts)]
    if note:
        kept.append(note)
    return "\n".join(kept)

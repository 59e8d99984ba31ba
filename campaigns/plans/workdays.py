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
    moved = day
    while deadlines.non_working_reason(moved, regime) is not None:
        moved -= datetime.timedelta(days=1)
    if moved == day:
        return day, ""
    # The date already names the day of the week: the note says what kind of day it is, not the day again.
    reason = "a weekend" if day.weekday() >= 5 else f"{deadlines.non_working_reason(day, regime).name}, a bank holiday"
    return moved, f"{NOTE_START}{day:%A %-d %B %Y}, {reason}, to the working day before."


def deadline_hint(row) -> str:
    """ "Saturday — not a working day" when a deadline typed by hand falls on a weekend or a bank holiday of the
    campaign's nation. It still saves: the officer may mean it (a Saturday stall); the hint only says so."""
    if not row.deadline:
        return ""
    nation = campaign_nation(row.campaign, row.campaign.target_contracts.select_related("authority"))
    reason = deadlines.non_working_reason(row.deadline, _regime(nation))
    return f"{reason.name} — not a working day" if reason else ""


def _regime(nation: str):
    return dataclasses.replace(deadlines.regime_for(nation), subdivisions=(SUBDIVISIONS[nation],))


def replace_note(notes: str, note: str) -> str:
    """The row's notes with any earlier working-day note swapped for `note` (or removed when it is empty)."""
    kept = [line for line in notes.splitlines() if not line.startswith((NOTE_START, OLD_NOTE_START))]
    if note:
        kept.append(note)
    return "\n".join(kept)

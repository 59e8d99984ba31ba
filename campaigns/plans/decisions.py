"""The decision calendar drives the plan: the deciding date the plan counts back from, recounting the guide's
step deadlines when a meeting brings it forward, and warnings for escalation due after the decision.

The meetings themselves live in the organising package; this module reaches them only through the campaign's
reverse relation (`campaign.decision_meetings`), as plans may not import organising."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone

from insourcing import freshness

from . import guide, workdays
from .models import Campaign, PlanRow
from .services import Anchor, deciding_meetings, delivery_date, plan_anchor, step_anchor, step_deadline

# The phases whose work must land before the decision: launch and escalation (3), win or create crisis (4).
PRESSURE_PHASES = (Campaign.Phase.LAUNCH, Campaign.Phase.CRISIS)


def deciding_meeting(campaign: Campaign, *, meetings: list | None = None):
    """The earliest meeting still to come (or today) that decides the contract, or None.

    `meetings`: all the campaign's meetings in date order (the model's ordering), when the caller has them (the plan
    page reads them once for this, the recount and the next 30 days)."""
    if meetings is None:
        return deciding_meetings(campaign).filter(date__gte=timezone.localdate()).first()
    today = timezone.localdate()
    return next((m for m in meetings if m.decides_contract and m.date >= today), None)


@dataclass
class Move:
    row: PlanRow
    old: datetime.date | None
    new: datetime.date
    note: str
    past: datetime.date | None = None  # the date the guide gives, when that is already past (then `new` is later)


@dataclass
class Recount:
    anchor: Anchor
    contract_anchor: Anchor
    moves: list[Move]  # rows the recount moves
    kept: list[Move]  # rows edited by hand: moved only if the officer ticks them
    late: list[Move] = field(default_factory=list)  # rows the guide would date in the past: moved only if ticked
    nation: str = "england"  # whose working days (the plan page reuses it for its weekend markers)
    contracts: list = field(default_factory=list)  # the target contracts, authority joined (the plan page shows them)

    @property
    def meeting_brings_forward(self) -> bool:
        return self.anchor.date < self.contract_anchor.date

    @property
    def earlier(self) -> list[Move]:
        """Rows the recount moves to an earlier date: said plainly on the page, because a later end date (an
        applied notice) can still bring deadlines forward when a meeting or a break decides the contract first."""
        return [m for m in self.moves if m.old and m.new < m.old]

    @property
    def later(self) -> list[Move]:
        return [m for m in self.moves if m.old and m.new > m.old]

    @property
    def earlier_to_today(self) -> int:
        return sum(1 for m in self.earlier if m.new == timezone.localdate())

    @property
    def waiting(self) -> int:
        """Rows left as they are unless ticked (after a recount, these are all that remain)."""
        return len(self.kept) + len(self.late)


def _contracts(campaign: Campaign) -> list:
    return list(campaign.target_contracts.select_related("authority").prefetch_related("extensions"))


def plan_recount_preview(
    *,
    campaign: Campaign,
    today: datetime.date | None = None,
    rows: list[PlanRow] | None = None,
    meetings: list | None = None,
) -> Recount:
    """Each open row that came from a guide step, with the deadline the step gives when counted back from the
    deciding date (on a working day of the campaign's nation). Rows renamed or added by hand match no step and are
    left alone; rows whose deadline an officer set by hand are listed apart, and so are rows the count would put
    in the past: those are offered the next working day instead, and move only if ticked (a recount must not
    quietly make work overdue).

    `rows`: every row of the campaign, when the caller has them already (the plan page), to save a second fetch;
    `meetings`: likewise all its meetings in date order."""
    today = today or timezone.localdate()
    contracts = _contracts(campaign)
    start = campaign.started_on
    deciding = deciding_meetings(campaign) if meetings is None else [m for m in meetings if m.decides_contract]
    anchor = plan_anchor(contracts=contracts, start=start, meetings=deciding)
    contract_anchor = plan_anchor(contracts=contracts, start=start)
    delivery = delivery_date(contracts=contracts, anchor=anchor, start=start)
    nation = workdays.campaign_nation(campaign, contracts)
    months = {(s.phase, s.objective): s.months_before for s in guide.steps_for_branch(campaign.branch)}
    moves, kept, late = [], [], []
    if rows is None:
        open_rows = PlanRow.objects.filter(campaign=campaign).open().order_by("phase", "position", "pk")
    else:
        open_rows = sorted((r for r in rows if r.is_open), key=lambda r: (r.phase, r.position, r.pk))
    for row in open_rows:
        months_before = months.get((row.phase, row.objective))
        if months_before is None:
            continue
        counted_from = step_anchor(phase=row.phase, months_before=months_before, anchor=anchor, delivery=delivery)
        counted = step_deadline(months_before=months_before, anchor=counted_from, start=start)
        new, note = workdays.working_day_on_or_before(counted, nation)
        past = None
        if new < today:
            past, new = new, workdays.next_working_day_after(today, nation)
            note = workdays.past_note(past)
        if new == row.deadline:
            continue
        move = Move(row, row.deadline, new, note, past)
        (kept if row.deadline_by_hand else late if past else moves).append(move)
    return Recount(anchor, contract_anchor, moves, kept, late, nation, contracts)


@transaction.atomic
def plan_recount_apply(*, campaign: Campaign, also: set[int] = frozenset()) -> list[Move]:
    """Move the rows the preview lists; those set by hand or that would be in the past only when named in
    `also`."""
    preview = plan_recount_preview(campaign=campaign)
    applied = preview.moves + [m for m in preview.kept + preview.late if m.row.pk in also]
    now = timezone.now()
    for move in applied:
        move.row.updated_at = now
        move.row.deadline = move.new
        move.row.notes = workdays.replace_note(move.row.notes, move.note)
        move.row.deadline_by_hand = False
    PlanRow.objects.bulk_update([m.row for m in applied], ["deadline", "notes", "deadline_by_hand", "updated_at"])
    freshness.mark_changed([campaign.branch_id])  # bulk_update sends no signals
    return applied


def rows_after_decision(rows, meeting) -> list[PlanRow]:
    """Open phase 3 and 4 rows due after the deciding meeting: pressure that would land too late."""
    if meeting is None:
        return []
    return [
        r
        for r in rows
        if r.phase in PRESSURE_PHASES and r.is_open and r.deadline is not None and r.deadline > meeting.date
    ]


@dataclass(frozen=True)
class Upcoming:
    date: datetime.date
    kind: str  # "overdue", "due", "meeting", "election"
    label: str
    url: str


@dataclass
class NextDays:
    upcoming: list[Upcoming]  # due rows, meetings and elections from today, by date
    overdue: list[Upcoming]  # open rows past their deadline, oldest first
    today: datetime.date | None = None  # so a row due today says so

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.overdue)


def _next_rows(rows, *, today: datetime.date, until: datetime.date) -> list[tuple]:
    """(pk, deadline, objective) of the rows overdue (`PlanRow.is_overdue`, drafts too) or accepted, open and due
    before `until`, by date: the Python twin of `overdue() | due_within()` for the rows the plan page has fetched."""
    return sorted(
        (r.deadline, r.pk, r.objective)
        for r in rows
        if r.is_open and r.deadline is not None and (r.deadline < today or (not r.is_draft and r.deadline < until))
    )


def next_days(
    *, campaign: Campaign, days: int = 30, today: datetime.date | None = None, rows=None, meetings=None
) -> NextDays:
    """What needs the team in the next `days` days (rows due, meetings and elections) and, apart, what is
    overdue: the coming month is what the box is for, and a long overdue list should not push it out of view.

    `rows` / `meetings`: every row and every meeting of the campaign (meetings in date order), when the caller has
    them already (the plan page), to save their queries."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=days)
    upcoming, overdue = [], []
    # Overdue by the plan's one rule (drafts too, as the rows say); coming up only once accepted.
    if rows is None:
        found = PlanRow.objects.filter(campaign=campaign)
        found = found.overdue(today) | found.due_within(days=days, today=today)
        found = found.order_by("deadline", "pk").values_list("deadline", "pk", "objective")
    else:
        found = _next_rows(rows, today=today, until=until)
    plan_url = campaign.get_absolute_url()  # once, not once per row
    for deadline, pk, objective in found:
        item = Upcoming(deadline, "overdue" if deadline < today else "due", objective, f"{plan_url}#row-{pk}")
        (overdue if item.kind == "overdue" else upcoming).append(item)
    if meetings is None:
        meetings = campaign.decision_meetings.filter(date__gte=today, date__lt=until)
    else:
        meetings = [m for m in meetings if today <= m.date < until]
    for meeting in meetings:
        kind = "election" if meeting.is_election else "meeting"
        label = meeting.title + (" (decides the contract)" if meeting.decides_contract else "")
        upcoming.append(Upcoming(meeting.date, kind, label, meeting.get_absolute_url()))
    for person in campaign.power_map.filter(next_election_on__gte=today, next_election_on__lt=until):
        url = f"{person.get_absolute_url()}"
        upcoming.append(Upcoming(person.next_election_on, "election", f"Election: {person.name}", url))
    return NextDays(sorted(upcoming, key=lambda i: (i.date, i.label)), overdue, today)


@dataclass(frozen=True)
class KeyDate:
    """A date on the campaign's decision calendar that is not a plan row."""

    date: datetime.date
    kind: str  # "decision", "meeting", "election", "contract-end", "extension", "notice"
    label: str
    uid: str  # "<kind>-<pk>", stable, for calendar UIDs
    url: str
    meeting: object = None


KIND_LABELS = {
    "decision": "Deciding meeting",
    "meeting": "Meeting",
    "election": "Election",
    "contract-end": "Contract ends",
    "extension": "Extension decision",
    "notice": "Notice deadline",
}


def _contract_url(contract) -> str:
    try:
        return contract.get_absolute_url()
    except NoReverseMatch:  # an installation without the contract pages
        return ""


def key_dates(*, campaign: Campaign, meetings=None, contracts=None, elections=True) -> list[KeyDate]:
    """Meetings and elections from the decision calendar (meetings, and the power map's next election dates, one
    date per day), and each target contract's end, open extension decisions and early-termination notice
    deadline, in date order. Pass `meetings` / `contracts` already fetched to save queries (meetings with
    `members`/`attendees` prefetched as the caller needs). Labels do not repeat the kind: the feed's summary is
    "<kind>: <label>" and the table has a column for the kind."""
    if meetings is None:
        meetings = list(campaign.decision_meetings.all())
    if contracts is None:
        contracts = list(campaign.target_contracts.prefetch_related("extensions"))
    dates = []
    for m in meetings:
        kind = "election" if m.is_election else "decision" if m.decides_contract else "meeting"
        dates.append(KeyDate(m.date, kind, m.title, f"meeting-{m.pk}", m.get_absolute_url(), m))
    if elections:
        by_day: dict[datetime.date, list] = {}
        for person in campaign.power_map.filter(next_election_on__isnull=False).order_by("name", "pk"):
            by_day.setdefault(person.next_election_on, []).append(person)
        for day, people in by_day.items():
            label = ", ".join(p.name for p in people) + (" stand" if len(people) > 1 else " stands") + " for election"
            dates.append(KeyDate(day, "election", label, f"election-{day:%Y%m%d}", people[0].get_absolute_url()))
    for c in contracts:
        url = _contract_url(c)
        if c.end_date:
            dates.append(KeyDate(c.end_date, "contract-end", c.service, f"contract-end-{c.pk}", url))
        for e in c.available_extensions():
            if e.decision_date:
                label = f"{c.service}, whether to take the {e} extension"
                dates.append(KeyDate(e.decision_date, "extension", label, f"extension-{e.pk}", url))
        if notice := c.notice_deadline():
            label = f"{c.service}, last day to give notice of early termination"
            dates.append(KeyDate(notice, "notice", label, f"notice-{c.pk}", url))
    rank = {kind: n for n, kind in enumerate(("decision", "meeting", "election", "extension", "notice"))}
    return sorted(dates, key=lambda d: (d.date, rank.get(d.kind, len(rank)), d.label))

"""Campaign plan workflows: starting a campaign, seeding it from the guide, reminders and digests."""

import datetime
import logging
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractExtension
from insourcing import claims, emails, freshness, unsubscribe
from insourcing.models import Branch, User

from . import guide
from .models import Campaign, PlanRow, SentDigest, SentReminder, TeamMember
from .workdays import campaign_nation, working_day_on_or_before

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "campaigns.reminders.unsubscribe"
MAX_DAYS_BEFORE = 90  # the most Campaign.reminder_days_before allows


# ---------------------------------------------------------------- starting and seeding


@dataclass(frozen=True)
class Anchor:
    """The date a plan is counted back from, and why that date."""

    date: datetime.date
    reason: str


def plan_anchor(*, contracts, start: datetime.date, meetings=()) -> Anchor:
    """The earliest decision: a meeting marked as deciding the contract, or among the target contracts the next
    extension decision still open, else the end. (`meetings` are the campaign's deciding meetings, passed in
    because the power map lives in the organising package.)"""
    candidates = [(m.date, f"the {m.title} on {m.date:%-d %B %Y}") for m in meetings if m.date > start]
    for contract in contracts:
        decisions = sorted(
            e.decision_date
            for e in contract.extensions.all()
            if e.status == ContractExtension.Status.AVAILABLE and e.decision_date and e.decision_date > start
        )
        if decisions:
            candidates.append((decisions[0], f"the extension decision on {contract} ({decisions[0]:%-d %B %Y})"))
        elif contract.end_date and contract.end_date > start:
            candidates.append((contract.end_date, f"the end of {contract} ({contract.end_date:%-d %B %Y})"))
    if candidates:
        date, reason = min(candidates)
        return Anchor(date, reason)
    date = start + relativedelta(months=guide.LEAD_IN_MONTHS)
    return Anchor(date, "two years from the start, as no future end or decision date is known")


def deciding_meetings(campaign: Campaign):
    """The campaign's meetings marked as deciding the contract, earliest first (through the reverse relation)."""
    return campaign.decision_meetings.filter(decides_contract=True).order_by("date", "pk")


def delivery_date(*, contracts, anchor: Anchor, start: datetime.date) -> datetime.date:
    """When the service comes in-house: the earliest end of the target contracts still to come, else the anchor.
    Follow-through after the decision (phase 5) counts from this, not from the deciding meeting: the new service
    can only be seen delivered once the contract has ended."""
    ends = [c.end_date for c in contracts if c.end_date and c.end_date > start]
    return max(min(ends), anchor.date) if ends else anchor.date


def step_anchor(*, phase: int, months_before: int, anchor: Anchor, delivery: datetime.date) -> datetime.date:
    """The date a step counts from: phase 5's steps after the decision (negative months) from the delivery
    date; every other step, the win included, from the deciding date."""
    return delivery if phase == Campaign.Phase.WIN and months_before < 0 else anchor.date


def step_deadline(*, months_before: int, anchor: datetime.date, start: datetime.date) -> datetime.date:
    """Count back from the anchor; when less than two years remain, squeeze the steps into the time left."""
    if months_before <= 0:
        return anchor + relativedelta(months=-months_before)
    if anchor - relativedelta(months=guide.LEAD_IN_MONTHS) >= start:
        return anchor - relativedelta(months=months_before)
    share = (guide.LEAD_IN_MONTHS - min(months_before, guide.LEAD_IN_MONTHS)) / guide.LEAD_IN_MONTHS
    return start + datetime.timedelta(days=round((anchor - start).days * share))


def plan_seed(*, campaign: Campaign) -> list[PlanRow]:
    """Offer the branch's (or the guide's) steps as draft rows, dated back from the target's decision date.

    A deadline that falls on a weekend or a bank holiday of the campaign's nation moves to the working day
    before, and the row's notes say so."""
    contracts = list(campaign.target_contracts.select_related("authority").prefetch_related("extensions"))
    anchor = plan_anchor(contracts=contracts, start=campaign.started_on, meetings=deciding_meetings(campaign))
    nation = campaign_nation(campaign, contracts)
    delivery = delivery_date(contracts=contracts, anchor=anchor, start=campaign.started_on)
    rows = []
    for position, step in enumerate(guide.steps_for_branch(campaign.branch)):
        counted_from = step_anchor(phase=step.phase, months_before=step.months_before, anchor=anchor, delivery=delivery)
        deadline, note = working_day_on_or_before(
            step_deadline(months_before=step.months_before, anchor=counted_from, start=campaign.started_on), nation
        )
        rows.append(
            PlanRow(
                campaign=campaign,
                phase=step.phase,
                step=step.step,
                objective=step.objective,
                task=step.task,
                deadline=deadline,
                notes=note,
                position=1000 + position,
                is_draft=True,
                is_follow_up=step.is_follow_up,
            )
        )
    created = PlanRow.objects.bulk_create(rows)
    freshness.mark_changed([campaign.branch_id])  # bulk_create sends no signals
    return created


@transaction.atomic
def campaign_start(
    *,
    branch: Branch,
    user: User,
    name: str,
    goal: str = "",
    contracts: list[Contract],
    started_on: datetime.date | None = None,
    seed: bool = True,
) -> Campaign:
    """Create the campaign with its starter as lead, record the baseline, and offer the guide's steps."""
    campaign = Campaign.objects.create(
        branch=branch, name=name, goal=goal, started_on=started_on or timezone.localdate()
    )
    campaign.target_contracts.set(contracts)
    # The baseline is the register's figures as they are now: a campaign entered ahead of its start (the form allows
    # a month) still dates it today, never in the future where it would be a reading not yet taken.
    campaign.record_baseline(on=min(campaign.started_on, timezone.localdate()), contracts=contracts)
    campaign.lead = TeamMember.objects.create(
        campaign=campaign,
        name=user.full_name or user.email,
        role=TeamMember.Role.BRANCH_OFFICER,
        email=user.email,
        user=user,
    )
    campaign.save()
    if seed:
        plan_seed(campaign=campaign)
    return campaign


def drafts_accept(*, campaign: Campaign) -> int:
    accepted = PlanRow.objects.filter(campaign=campaign, is_draft=True).update(is_draft=False)
    freshness.mark_changed([campaign.branch_id])  # update() sends no signals
    return accepted


@transaction.atomic
def plan_row_move(*, row: PlanRow, direction: str, shown: set[int] | None = None) -> None:
    """Move the row past its neighbour in the same phase ("up" or "down").

    `shown`: the ids of the rows the person sees (a filtered plan, "Mine"): the row moves past the next row shown,
    the hidden ones between keeping their order, so a move is never a swap with a row nobody can see.
    """
    siblings = list(
        PlanRow.objects.select_for_update()
        .filter(campaign_id=row.campaign_id, phase=row.phase)
        .order_by("position", "pk")
    )
    index = next(i for i, r in enumerate(siblings) if r.pk == row.pk)
    step = -1 if direction == "up" else 1
    other = index + step
    while 0 <= other < len(siblings) and shown is not None and siblings[other].pk not in shown:
        other += step
    if not 0 <= other < len(siblings):
        return
    siblings.insert(other, siblings.pop(index))  # next to a neighbour, past it: a swap when they are adjacent
    for position, sibling in enumerate(siblings):
        sibling.position = position
    PlanRow.objects.bulk_update(siblings, ["position"])


# ---------------------------------------------------------------- reminders


def unsubscribe_token(member: TeamMember) -> str:
    return unsubscribe.make_token(member.pk, salt=UNSUBSCRIBE_SALT)


def member_from_unsubscribe_token(token: str) -> TeamMember | None:
    pk = unsubscribe.read_token(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(pk, int):
        return None
    return TeamMember.objects.filter(pk=pk).select_related("campaign").first()


def reminders_unsubscribe(*, member: TeamMember) -> None:
    TeamMember.objects.filter(pk=member.pk).update(reminders_enabled=False)


def reminder_kind(*, deadline: datetime.date, today: datetime.date, days_before: int) -> str | None:
    if deadline < today:
        return SentReminder.Kind.OVERDUE
    if deadline == today:
        return SentReminder.Kind.DUE
    if days_before and deadline - datetime.timedelta(days=days_before) <= today:
        return SentReminder.Kind.BEFORE
    return None


def due_reminder_rows(today: datetime.date):
    """Accepted, open rows with a deadline whose responsible person has an address and wants reminders."""
    return (
        PlanRow.objects.accepted()
        .open()
        .filter(
            deadline__isnull=False,
            responsible__reminders_enabled=True,
            campaign__in=Campaign.objects.active(),
        )
        .exclude(responsible__email="")
        .filter(deadline__lte=today + datetime.timedelta(days=MAX_DAYS_BEFORE))
        # Overdue rows stay open for weeks: leave out those whose one overdue reminder has gone.
        .exclude(
            Exists(
                SentReminder.objects.filter(
                    plan_row=OuterRef("pk"), kind=SentReminder.Kind.OVERDUE, deadline=OuterRef("deadline")
                )
            )
        )
    )


def _claim(pairs: list[tuple[int, str, datetime.date]]) -> dict[tuple[int, str], int]:
    """Claim each (row, kind, deadline) reminder by inserting it; only the ones this run won come back, with ids."""
    now = timezone.now()
    won = claims.claim_new(
        SentReminder,
        [
            {"plan_row": row_id, "kind": kind, "deadline": deadline, "claimed_at": now}
            for row_id, kind, deadline in pairs
        ],
        unique=("plan_row", "kind", "deadline"),
        returning=("id", "plan_row", "kind"),
    )
    return {(row_id, kind): claim_id for claim_id, row_id, kind in won}


def plan_reminders_send(*, today: datetime.date | None = None, batch_size: int = 500) -> int:
    """One email per person per run, listing each of their rows now due, overdue or coming up. Returns the
    number of emails. Each row's reminder is claimed (committed) before the email goes out, so a second run at
    the same time, or a retried worker, skips it; if sending fails the claims are released for a retry."""
    today = today or timezone.localdate()
    candidates = (
        due_reminder_rows(today)
        .select_related("campaign__lead", "responsible__user")
        .order_by("responsible_id", "deadline", "pk")
    )
    sent = 0
    batch: list[tuple[PlanRow, str]] = []
    for row in candidates.iterator(chunk_size=batch_size):
        kind = reminder_kind(deadline=row.deadline, today=today, days_before=row.campaign.reminder_days_before)
        if not kind:
            continue
        # Cut batches only between people, so each person's rows go out in one email.
        if len(batch) >= batch_size and row.responsible_id != batch[-1][0].responsible_id:
            sent += _send_batch(batch, today)
            batch = []
        batch.append((row, kind))
    return sent + _send_batch(batch, today)


def _send_batch(batch: list[tuple[PlanRow, str]], today: datetime.date) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        # Lock the people first, in pk order so two runs cannot deadlock: a run that waits here finds this
        # run's claims committed when it gets the lock and wins none of them, so no person's rows are split
        # between two runs' emails.
        people = {row.responsible_id for row, _ in batch}
        list(TeamMember.objects.select_for_update().filter(pk__in=people).order_by("pk").values_list("pk"))
        won = _claim([(row.pk, kind, row.deadline) for row, kind in batch])
    by_person: dict[int, list[tuple[PlanRow, str]]] = {}
    for row, kind in batch:
        if (row.pk, kind) in won:
            by_person.setdefault(row.responsible_id, []).append((row, kind))
    if not by_person:
        return 0
    claim_ids = list(won.values())
    try:
        messages = [_reminder_message(items, today) for items in by_person.values()]
        with get_connection() as mail:
            mail.send_messages(messages)
    except Exception:
        # Nothing of this batch is known to have gone: release the claims so the retry sends them.
        SentReminder.objects.filter(pk__in=claim_ids).delete()
        raise
    SentReminder.objects.filter(pk__in=claim_ids).update(sent_at=timezone.now())
    return len(by_person)


def _unsubscribe_url(member: TeamMember) -> str:
    return emails.absolute_url(reverse("campaigns:reminders_unsubscribe", kwargs={"token": unsubscribe_token(member)}))


def tasks_url(member: TeamMember) -> str:
    """The private read-only page of the person's own tasks (for people without an account)."""
    return emails.absolute_url(reverse("campaigns:member_tasks", kwargs={"token": member.ensure_tasks_token()}))


def member_task_rows(*, member: TeamMember, today: datetime.date | None = None) -> dict:
    """The person's own accepted rows for their read-only page: open ones by deadline, then recently done."""
    today = today or timezone.localdate()
    rows = PlanRow.objects.accepted().filter(responsible=member).order_by("deadline", "position", "pk")
    open_rows = list(rows.open())
    for row in open_rows:
        row.is_overdue = bool(row.deadline and row.deadline < today)
    done = list(rows.filter(status=PlanRow.Status.DONE, done_on__gte=today - datetime.timedelta(days=30)))
    return {"open_rows": open_rows, "done_rows": done}


def _links(member: TeamMember, campaign: Campaign) -> dict:
    """Where the email sends the person: the plan if they can log in, else their private task page."""
    if member.user_id and member.user.is_active:
        return {"plan_url": emails.absolute_url(campaign.get_absolute_url()), "tasks_url": ""}
    return {"plan_url": "", "tasks_url": tasks_url(member)}


def _reply_to(member: TeamMember, campaign: Campaign) -> list[str] | None:
    """Replies go to the campaign lead, so someone without an account can answer a person, not a robot."""
    lead = campaign.lead
    if lead and lead.email and lead.pk != member.pk:
        return [lead.email]
    return None


def _reminder_message(items: list[tuple[PlanRow, str]], today: datetime.date):
    member = items[0][0].responsible
    campaign = items[0][0].campaign
    for row, _ in items:
        row.days_late = (today - row.deadline).days
        row.days_left = (row.deadline - today).days
    by_kind = {kind: [row for row, k in items if k == kind] for kind in SentReminder.Kind.values}
    return emails.build(
        "campaign-reminder",
        to=[member.email],
        reply_to=_reply_to(member, campaign),
        unsubscribe_url=_unsubscribe_url(member),
        list_name="plan-reminders",
        context={
            "member": member,
            "campaign": campaign,
            "lead": campaign.lead,
            "rows": [row for row, _ in items],
            "only": items[0] if len(items) == 1 else None,
            "overdue": by_kind[SentReminder.Kind.OVERDUE],
            "due": by_kind[SentReminder.Kind.DUE],
            "coming_up": by_kind[SentReminder.Kind.BEFORE],
            **_links(member, campaign),
        },
    )


# ---------------------------------------------------------------- weekly digest


def weekly_digests_send(*, today: datetime.date | None = None) -> int:
    """One digest per campaign per week to its lead (if they want reminders), claimed before sending."""
    today = today or timezone.localdate()
    week_of = today - datetime.timedelta(days=today.weekday())
    campaigns = (
        Campaign.objects.active()
        .filter(lead__reminders_enabled=True)
        .exclude(lead__email="")
        .exclude(sent_digests__week_of=week_of)
        .select_related("lead__user", "branch")
    )
    sent = 0
    for campaign in campaigns:
        with transaction.atomic():
            claimed = claims.claim_new(
                SentDigest,
                [{"campaign": campaign.pk, "week_of": week_of, "claimed_at": timezone.now()}],
                unique=("campaign", "week_of"),
            )
        if not claimed:
            continue
        try:
            _digest_message(campaign, today).send()
        except Exception:
            SentDigest.objects.filter(campaign=campaign, week_of=week_of, sent_at__isnull=True).delete()
            raise
        SentDigest.objects.filter(campaign=campaign, week_of=week_of).update(sent_at=timezone.now())
        sent += 1
    return sent


def _digest_message(campaign: Campaign, today: datetime.date):
    rows = PlanRow.objects.filter(campaign=campaign).accepted().open().select_related("responsible")
    soon = today + datetime.timedelta(days=14)
    lead = campaign.lead
    return emails.build(
        "campaign-digest",
        to=[lead.email],
        unsubscribe_url=_unsubscribe_url(lead),
        list_name="plan-digest",
        context={
            "campaign": campaign,
            "member": lead,
            "overdue": [r for r in rows if r.deadline and r.deadline < today],
            "coming_up": [r for r in rows if r.deadline and today <= r.deadline <= soon],
            "done_this_week": PlanRow.objects.filter(
                campaign=campaign, status=PlanRow.Status.DONE, done_on__gt=today - datetime.timedelta(days=7)
            ).count(),
            "drafts": PlanRow.objects.filter(campaign=campaign, is_draft=True).count(),
            **_links(lead, campaign),
        },
    )


# ---------------------------------------------------------------- the plan as the page and the PDF show it


@dataclass
class PhasePlan:
    number: int
    guide: guide.Phase
    rows: list
    is_current: bool


def plan_by_phase(*, campaign: Campaign, rows) -> list[PhasePlan]:
    """The five phases in order, each with the guide's guidance and its rows (already filtered and fetched)."""
    grouped: dict[int, list] = {number: [] for number in guide.PHASES}
    for row in rows:
        grouped[row.phase].append(row)
    return [
        PhasePlan(number=n, guide=guide.PHASES[n], rows=grouped[n], is_current=n == campaign.phase)
        for n in guide.PHASES
    ]

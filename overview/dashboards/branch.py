"""The branch dashboard: what needs doing this week across one or more branches.

An officer's home page shows it for their branches with the plan rows they are responsible for; an organiser's
drill-down shows it read-only for one branch with every plan row. Lists are cut at LIMIT rows (one extra row is
fetched to know whether there are more, so no COUNT query).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain

from django.db.models import Count, DateField, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Least

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot, PlanRow, density
from contracts.models import Contract, ContractExtension, FoIRequest, PublicAuthority
from surveys.models import Survey

from . import charts, progress

LIMIT = 20
WEEK = 7
FOI_DAYS = 14  # a reply takes 20 working days: two weeks' notice leaves time to chase it
CHANGES = 10


@dataclass
class Cut:
    """At most LIMIT items, and whether there were more."""

    items: list
    more: bool

    @classmethod
    def of(cls, queryset, limit: int = LIMIT) -> "Cut":
        rows = list(queryset[: limit + 1])
        return cls(rows[:limit], len(rows) > limit)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


@dataclass
class CampaignProgress:
    campaign: Campaign
    overdue_rows: int
    density: Decimal | None
    activists: int | None
    trend: list[Decimal | None]

    @property
    def density_met(self) -> bool:
        target = self.campaign.target_density
        return self.density is not None and target is not None and self.density >= target

    @property
    def sparkline(self):
        return charts.sparkline(self.trend, target=self.campaign.target_density, label="Membership density")


@dataclass
class SurveyRate:
    survey: Survey
    responses: int
    rate: float | None  # responses as a share of the contract's staff

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


@dataclass
class Change:
    on: datetime.datetime
    who: str
    action: str
    kind: str
    name: str
    url: str


@dataclass
class BranchDashboard:
    branches: list
    mine: bool
    rows_overdue: Cut
    rows_due: Cut
    lead_in: Cut
    unguarded: int
    foi_overdue: Cut
    foi_due: Cut
    surveys: list[SurveyRate]
    campaigns: list[CampaignProgress]
    phases: list[tuple[str, int]]
    changes: list[Change] = field(default_factory=list)

    @property
    def several_branches(self) -> bool:
        return len(self.branches) > 1


def overdue_rows_count():
    """Subquery: the campaign's overdue plan rows, by PlanRow's own definition of overdue."""
    rows = PlanRow.objects.filter(campaign=OuterRef("pk")).overdue().order_by().values("campaign")
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def _first_date(queryset, field: str):
    return Subquery(queryset.order_by(field).values(field)[:1], output_field=DateField())


def next_decision_date(*, today: datetime.date, campaign_ref: str = "", contract_ref: str = ""):
    """Subquery: the next date the contract's future is decided, from today on: a meeting marked as deciding it,
    or an open extension's decision date. Per campaign (`campaign_ref`, its target contracts) or per contract
    (`contract_ref`, the meetings of every campaign targeting it). PostgreSQL's LEAST ignores NULLs."""
    meetings = DecisionMeeting.objects.filter(decides_contract=True, date__gte=today)
    breaks = ContractExtension.objects.filter(status=ContractExtension.Status.AVAILABLE, decision_date__gte=today)
    if campaign_ref:
        meetings = meetings.filter(campaign=OuterRef(campaign_ref))
        breaks = breaks.filter(contract__campaigns=OuterRef(campaign_ref))
    else:
        meetings = meetings.filter(campaign__target_contracts=OuterRef(contract_ref))
        breaks = breaks.filter(contract=OuterRef(contract_ref))
    return Least(_first_date(meetings, "date"), _first_date(breaks, "decision_date"), output_field=DateField())


def campaign_progress(branches, today: datetime.date) -> list[CampaignProgress]:
    campaigns = (
        Campaign.objects.filter(branch__in=branches)
        .active()
        .select_related("branch")
        .annotate(overdue_rows=overdue_rows_count(), next_decision=next_decision_date(today=today, campaign_ref="pk"))
        .prefetch_related(Prefetch("snapshots", queryset=MembershipSnapshot.objects.order_by("taken_on", "pk")))
        .order_by("phase", "name")
    )
    result = []
    days = progress.month_ends(today)
    for campaign in campaigns:
        found = progress.readings(campaign)
        latest = progress.reading_on(found, today)
        result.append(
            CampaignProgress(
                campaign=campaign,
                overdue_rows=campaign.overdue_rows,
                density=density(latest.members, latest.staff) if latest else None,
                activists=latest.activists if latest else None,
                trend=progress.density_trend({campaign.pk: found}, days),
            )
        )
    return result


def survey_rates(branches) -> list[SurveyRate]:
    surveys = (
        Survey.objects.filter(contract__branch__in=branches, status=Survey.Status.OPEN)
        .select_related("contract__branch")
        .annotate(response_count=Count("responses"))
        .order_by("closes_on", "pk")
    )
    return [SurveyRate(s, s.response_count, s.response_rate(s.response_count)) for s in surveys]


_ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


def recent_changes(branches, limit: int = CHANGES) -> list[Change]:
    """The latest recorded changes to the branches' contracts and authorities, newest first."""
    contracts = Contract.history.filter(branch__in=branches).select_related("history_user")
    authorities = PublicAuthority.history.filter(branch__in=branches).select_related("history_user")
    changes = []
    for record in chain(contracts.order_by("-history_date")[:limit], authorities.order_by("-history_date")[:limit]):
        is_contract = isinstance(record, Contract.history.model)
        gone = record.history_type == "-"
        changes.append(
            Change(
                on=record.history_date,
                who=str(record.history_user) if record.history_user else "An import or the system",
                action=_ACTIONS.get(record.history_type, "changed"),
                kind="contract" if is_contract else "authority",
                name=record.service if is_contract else record.name,
                url="" if gone else (Contract if is_contract else PublicAuthority)(pk=record.id).get_absolute_url(),
            )
        )
    changes.sort(key=lambda c: c.on, reverse=True)
    return changes[:limit]


def branch_dashboard(*, branches, today: datetime.date, user=None) -> BranchDashboard:
    """`user` given: the plan rows they are responsible for; otherwise every plan row of the branches."""
    rows = PlanRow.objects.filter(campaign__branch__in=branches).select_related("campaign__branch", "responsible")
    if user is not None:
        rows = rows.for_person(user)
    lead_in = (
        Contract.objects.filter(branch__in=branches)
        .in_lead_in(today=today)
        .annotate_has_campaign()
        .annotate(next_decision=next_decision_date(today=today, contract_ref="pk"))
        .select_related("authority", "branch")
        .order_by("end_date", "service")
    )
    fois = FoIRequest.objects.filter(branch__in=branches).select_related("authority", "branch").order_by("due_on")
    campaigns = campaign_progress(branches, today)
    phases = Counter(p.campaign.phase for p in campaigns)
    return BranchDashboard(
        branches=list(branches),
        mine=user is not None,
        # A person's own work: drafts are nobody's until accepted (as with reminders); the campaign counts
        # above include them, as the plan page does.
        rows_overdue=Cut.of(rows.accepted().overdue(today).order_by("deadline", "pk")),
        rows_due=Cut.of(rows.due_within(days=WEEK, today=today).order_by("deadline", "pk")),
        lead_in=Cut.of(lead_in),
        unguarded=lead_in.without_campaign().count(),
        foi_overdue=Cut.of(fois.overdue(today)),
        foi_due=Cut.of(fois.due_within(days=FOI_DAYS, today=today)),
        surveys=survey_rates(branches),
        campaigns=campaigns,
        phases=[(label, phases.get(value, 0)) for value, label in Campaign.Phase.choices],
        changes=recent_changes(branches),
    )

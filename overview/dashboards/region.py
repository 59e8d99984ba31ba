"""The regional organiser's table: one row per branch of the region, with region totals.

Every figure is one grouped query over the branches asked for (never a query per branch), then assembled
here: `branch_rows` gives each branch's row, `region_table` makes the region's total from the rows alone, so the
dashboard can compute only the branches whose data changed and take the others' rows from its cache (`rowcache`).
Sorting and filtering happen on the assembled rows, which are few (a region has tens of branches).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, models
from django.db.models import Count
from django.db.models.functions import Coalesce

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot, PlanRow
from contracts.models import Contract, ContractExtension, FoIRequest
from insourcing.models import Branch, Region
from surveys.models import Response, Survey

from . import charts, progress


class CampaignTargets(NamedTuple):
    pk: int
    branch_id: int
    phase: int
    target_density: Decimal | None
    target_activists: int | None


@dataclass
class Row:
    """One branch's figures (or the region's totals, with branch None)."""

    branch: Branch | None
    contracts: int = 0
    ending: int = 0  # within the 24-month lead-in
    unguarded: int = 0  # within the lead-in with no campaign targeting them
    phases: Counter = field(default_factory=Counter)  # campaigns not yet won, lost or closed, by phase
    totals: progress.Totals = progress.Totals(None, None, None, None)
    sums: progress.Sums = progress.Sums()  # what the totals are made of, for the region's total
    trend_sums: list[tuple[int, int]] = field(default_factory=list)  # (members, staff) by month, as `trend`
    trend: list[Decimal | None] = field(default_factory=list)
    overdue_rows: int = 0
    overdue_foi: int = 0
    open_surveys: int = 0
    survey_responses: int = 0
    survey_staff: int = 0  # staff of the open surveys' contracts where known
    # The next day a contract's future is decided (as the officer's dashboard and the renewal clock): a meeting
    # marked as deciding it in an active campaign, or an open extension's decision date of a contract in its
    # lead-in or targeted by an active campaign; with what is decided then (the campaign or the contract).
    next_decision: datetime.date | None = None
    next_decision_of: str = ""
    html: str = ""  # the branch's table row as the dashboard shows it (rowcache), set there

    @property
    def name(self) -> str:
        return self.branch.name if self.branch else "Region total"

    @property
    def campaigns(self) -> int:
        return sum(self.phases.values())

    def phase_counts(self) -> list[int]:
        return [self.phases.get(value, 0) for value in Campaign.Phase.values]

    @property
    def response_rate(self) -> Decimal | None:
        """Responses to the open surveys as a percentage of the staff of their contracts."""
        return progress.density(self.survey_responses, self.survey_staff)

    @property
    def sparkline(self):
        return charts.sparkline(self.trend, target=self.totals.target_density, label="Membership density by month")


SORTS = {
    "name": lambda r: r.name.lower(),
    "contracts": lambda r: r.contracts,
    "ending": lambda r: r.ending,
    "unguarded": lambda r: r.unguarded,
    "campaigns": lambda r: r.campaigns,
    "density": lambda r: (r.totals.density is not None, r.totals.density or 0),
    "activists": lambda r: (r.totals.activists is not None, r.totals.activists or 0),
    "overdue_rows": lambda r: r.overdue_rows,
    "overdue_foi": lambda r: r.overdue_foi,
    "response_rate": lambda r: (r.response_rate is not None, r.response_rate or 0),
    # Soonest first when ascending; branches with no decision known after every dated one.
    "next_decision": lambda r: (r.next_decision is None, r.next_decision or datetime.date.min),
}
COLUMNS = [
    ("name", "Branch"),
    ("contracts", "Contracts"),
    ("ending", "Ending within 2 years"),
    ("unguarded", "Renewals with no campaign"),
    ("campaigns", "Campaigns (planning, active or paused) by phase"),
    ("density", "Density against target"),
    ("activists", "Activists against target"),
    ("overdue_rows", "Overdue plan rows"),
    ("overdue_foi", "Overdue FoI replies"),
    ("response_rate", "Survey response rate"),
    ("next_decision", "Next decision"),
]
PHASES = [f"Phase {value}" for value in Campaign.Phase.values]
FILTERS = {
    "unguarded": ("Renewals with no campaign", lambda r: r.unguarded > 0),
    "overdue": ("Overdue plan rows or FoI replies", lambda r: r.overdue_rows > 0 or r.overdue_foi > 0),
    "no-campaign": ("No campaign planning, active or paused", lambda r: r.campaigns == 0),
}


@dataclass
class RegionTable:
    region: Region
    rows: list[Row]
    total: Row
    branch_count: int
    shown: list[Row] = field(default_factory=list)  # the rows after sorting and filtering

    @property
    def total_label(self) -> str:
        """The total row's name on the page and in the export: it adds up every branch, also when a filter shows
        fewer, so it says how many."""
        count = self.branch_count
        return f"Region total (all {count} branches)" if count != 1 else "Region total (1 branch)"


def _grouped(queryset, key: str) -> dict[int, int]:
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


def region_tables(regions, *, today: datetime.date) -> list[RegionTable]:
    """Tables for the given regions, computed afresh in a fixed number of queries however many regions and
    branches. (The dashboard page takes unchanged branches' rows from its cache instead: `rowcache`.)"""
    regions = list(regions)
    branches = list(Branch.objects.filter(region__in=regions).order_by("name"))
    return tables(regions, branches, branch_rows(branches, today=today))


def tables(regions, branches: list[Branch], rows: dict[int, Row]) -> list[RegionTable]:
    """Each region's table from its branches' rows (`rows` maps branch id to row; `branches` in name order)."""
    return [region_table(region, [rows[b.pk] for b in branches if b.region_id == region.pk]) for region in regions]


def region_table(region: Region, rows: list[Row]) -> RegionTable:
    """The table of a region from its branches' rows, the total made from the rows alone: every figure of the
    total is a sum over the branches (campaign figures from each branch's `Sums`, the trend from each branch's
    monthly sums, never from rounded percentages), or the earliest of their next decisions."""
    total = Row(branch=None)
    for r in rows:
        for name in ("contracts", "ending", "unguarded", "overdue_rows", "overdue_foi", "open_surveys"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.survey_responses += r.survey_responses
        total.survey_staff += r.survey_staff
        total.phases.update(r.phases)
        total.sums += r.sums
    total.totals = total.sums.totals()
    _first_decision(total, rows)
    # The region's trend adds up its branches' sums (members over staff), never their percentages.
    region_sums = [r.trend_sums for r in rows if r.trend_sums]
    total.trend = progress.densities(
        [tuple(map(sum, zip(*day, strict=True))) for day in zip(*region_sums, strict=True)] if region_sums else []
    )
    return RegionTable(region=region, rows=rows, total=total, branch_count=len(rows))


def branch_rows(branches: list[Branch], *, today: datetime.date) -> dict[int, Row]:
    """Each branch's row, by branch id, in a fixed number of grouped queries however many branches.

    A branch's figures depend on its own data alone (its contracts, campaigns, plan rows, FoI requests, surveys,
    and the meetings and extensions of those), so computing any subset of branches gives each of them the row a
    computation of the whole region gives: a campaign targets contracts of its own branch only (the campaign
    form refuses others), and a workforce is counted once per branch."""
    rows = {b.pk: Row(branch=b) for b in branches}
    if not branches:
        return rows
    ids = list(rows)

    contracts = Contract.objects.filter(branch__in=ids)
    for branch_id, n in _grouped(contracts, "branch").items():
        rows[branch_id].contracts = n
    lead_in = contracts.in_lead_in(today=today).annotate_has_campaign().order_by()
    for branch_id, guarded, n in lead_in.values_list("branch", "has_campaign").annotate(n=Count("pk")):
        rows[branch_id].ending += n
        if not guarded:
            rows[branch_id].unguarded += n

    active = _campaign_figures(rows, ids, today)

    for branch_id, n in _grouped(
        PlanRow.objects.filter(campaign__branch__in=ids).overdue(today), "campaign__branch"
    ).items():
        rows[branch_id].overdue_rows = n
    for branch_id, n in _grouped(FoIRequest.objects.filter(branch__in=ids).overdue(today), "branch").items():
        rows[branch_id].overdue_foi = n

    _survey_rates(rows, ids)

    _next_decisions(rows, ids, active, lead_in, today)
    return rows


def _campaign_figures(rows: dict[int, Row], ids: list[int], today: datetime.date) -> list[int]:
    """Phases, current totals and monthly trend of each branch's active campaigns (three queries); returns the
    active campaigns' ids. The later queries take the ids, not the campaigns' queryset as a subquery: building
    and compiling that subquery again in each was most of their cost when one branch is computed."""
    # Plain tuples rather than model instances: a region has hundreds of campaigns and thousands of snapshots.
    by_branch: dict[int, list[CampaignTargets]] = defaultdict(list)
    starts = {}
    for pk, branch_id, phase, target_density, target_activists, *start in (
        Campaign.objects.filter(branch__in=ids)
        .active()
        .order_by("started_on", "pk")
        .values_list(
            "pk",
            "branch",
            "phase",
            "target_density",
            "target_activists",
            "baseline_on",
            "baseline_staff",
            "baseline_members",
            "baseline_activists",
        )
    ):
        by_branch[branch_id].append(CampaignTargets(pk, branch_id, phase, target_density, target_activists))
        starts[pk] = progress.baseline(*start)
    active = list(starts)
    snapshots = defaultdict(list)
    for campaign_id, *reading in (
        MembershipSnapshot.objects.filter(campaign__in=active)
        .order_by("taken_on", "pk")
        .values_list("campaign", "taken_on", "staff", "members", "activists")
    ):
        snapshots[campaign_id].append(progress.Reading(*reading))
    readings = {pk: progress.ordered(start, snapshots[pk]) for pk, start in starts.items()}
    targets = defaultdict(set)
    links = Campaign.target_contracts.through.objects.filter(campaign__in=active)
    for campaign_id, contract_id in links.values_list("campaign", "contract"):
        targets[campaign_id].add(contract_id)
    days = progress.month_ends(today)
    for branch_id, branch_campaigns in by_branch.items():
        row = rows[branch_id]
        # Two campaigns on one contract would add its staff and activists twice: each workforce is summed once.
        counted = progress.counted_once({c.pk: targets[c.pk] for c in branch_campaigns})
        found = {c.pk: readings[c.pk] for c in branch_campaigns if c.pk in counted}
        latest = {pk: progress.reading_on(r, today) for pk, r in found.items()}
        row.phases = Counter(c.phase for c in branch_campaigns)
        row.sums = progress.sums([c for c in branch_campaigns if c.pk in counted], latest)
        row.totals = row.sums.totals()
        row.trend_sums = progress.trend_sums(found, days)
        row.trend = progress.densities(row.trend_sums)
    return active


def _survey_rates(rows: dict[int, Row], ids: list[int]) -> None:
    """Open surveys, their responses and their contracts' staff, per branch, one row per survey."""
    # Each open survey's responses counted through the response index (a join of every response and contract
    # was a quarter of this page's database time, issue #21). One row per survey: grouping by branch and staff
    # counted two open surveys of contracts with the same staff as one survey of that staff.
    responses = Response.objects.filter(survey=models.OuterRef("pk")).order_by().values("survey")
    for branch_id, staff, n in (
        Survey.objects.filter(contract__branch__in=ids, status=Survey.Status.OPEN)
        .order_by()
        .values_list("contract__branch", "contract__staff_count")
        .annotate(n=Coalesce(models.Subquery(responses.annotate(n=Count("pk")).values("n")), 0))
    ):
        row = rows[branch_id]
        row.open_surveys += 1
        if staff:
            row.survey_responses += n
            row.survey_staff += staff


def _next_decisions(rows: dict[int, Row], ids: list[int], active: list[int], lead_in, today: datetime.date) -> None:
    """Each branch's next decision date: two queries (the first deciding meeting per branch, the first extension
    decision per branch), the earlier of the two kept. PostgreSQL returns one row per branch (DISTINCT ON); SQLite
    (`make run`) has no DISTINCT ON and returns every row, which the loop below reduces to the same answer."""
    meetings = (
        DecisionMeeting.objects.filter(campaign__in=active, decides_contract=True, date__gte=today)
        .order_by("campaign__branch", "date", "pk")
        .values_list("campaign__branch", "date", "campaign__name")
    )
    contracts = Contract.objects.filter(branch__in=ids).filter(
        models.Q(pk__in=lead_in.values("pk")) | models.Q(campaigns__in=active)
    )
    breaks = (
        ContractExtension.objects.filter(
            contract__in=contracts, status=ContractExtension.Status.AVAILABLE, decision_date__gte=today
        )
        .order_by("contract__branch", "decision_date", "pk")
        .values_list("contract__branch", "decision_date", "contract__service")
    )
    if connection.features.can_distinct_on_fields:
        meetings, breaks = meetings.distinct("campaign__branch"), breaks.distinct("contract__branch")
    for branch_id, on, what in [*meetings, *breaks]:
        row = rows[branch_id]
        if row.next_decision is None or on < row.next_decision:
            row.next_decision, row.next_decision_of = on, what


def _first_decision(total: Row, rows: list[Row]) -> None:
    dated = [r for r in rows if r.next_decision]
    if dated:
        first = min(dated, key=lambda r: r.next_decision)
        total.next_decision, total.next_decision_of = first.next_decision, f"{first.next_decision_of}, {first.name}"


def sort_and_filter(table: RegionTable, *, sort: str, descending: bool, only: str, search: str) -> list[Row]:
    rows = table.rows
    if search:
        rows = [r for r in rows if search.lower() in r.name.lower()]
    if only in FILTERS:
        rows = [r for r in rows if FILTERS[only][1](r)]
    key = SORTS.get(sort, SORTS["name"])
    return sorted(rows, key=key, reverse=descending)

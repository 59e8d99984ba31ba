"""Organising tools: building the grid, plans, arguments and allies views, and the workflows that change them."""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from contracts.models import Contract
from insourcing.services import wording_for

from ..plans.models import Campaign, PlanRow
from . import guide
from .charts import power_map_svg
from .guide import Audience, BroadGroup, Category, Progress
from .models import (
    Activity,
    Ally,
    AllyAction,
    BusinessCase,
    DecisionMeeting,
    KeyArgument,
    OrganisingWording,
    PowerMapPerson,
    Stance,
    WorkforceAction,
)

# ---------------------------------------------------------------- the workforce grid


@dataclass(frozen=True)
class CellState:
    key: str
    label: str
    icon: str  # a text symbol, so the state reads without colour (and in print)


EMPTY = CellState("empty", "No actions yet", "–")
PLANNED = CellState("planned", "Planned", "○")
UNDERWAY = CellState("in-progress", "In progress", "◐")
DONE = CellState("done", "Done", "✓")
STUCK = CellState("stuck", "Stuck", "!")
OVERDUE = CellState("overdue", "Overdue", "!")


def cell_state(actions, today) -> CellState:
    """One state for a cell: the most urgent of its actions wins, so a late action is never hidden."""
    live = [a for a in actions if a.progress != Progress.DROPPED]
    if not live:
        return EMPTY
    if any(a.is_overdue(today) for a in live):
        return OVERDUE
    if any(a.progress == Progress.STUCK for a in live):
        return STUCK
    if all(a.progress == Progress.DONE for a in live):
        return DONE
    if any(a.progress in (Progress.IN_PROGRESS, Progress.DONE) for a in live):
        return UNDERWAY
    return PLANNED


CELL_STATES = [EMPTY, PLANNED, UNDERWAY, DONE, STUCK, OVERDUE]


@dataclass
class GridCell:
    category: str
    audience: str
    audience_label: str
    actions: list = field(default_factory=list)
    state: CellState = EMPTY


@dataclass
class GridRow:
    category: str
    label: str
    cells: list[GridCell]


def workforce_actions(campaign: Campaign):
    return campaign.workforce_actions.select_related("activity", "plan_row").order_by(
        models.F("due_on").asc(nulls_last=True), "pk"
    )


def workforce_grid(campaign: Campaign, *, today=None) -> list[GridRow]:
    today = today or timezone.localdate()
    cells = {(c, a): GridCell(c, a, label) for c in Category.values for a, label in Audience.choices}
    for action in workforce_actions(campaign).in_grid():
        cells[(action.category, action.audience)].actions.append(action)
    for cell in cells.values():
        cell.state = cell_state(cell.actions, today)
    return [
        GridRow(category, label, [cells[(category, audience)] for audience in Audience.values])
        for category, label in Category.choices
    ]


# ---------------------------------------------------------------- activity plans


@dataclass
class ActivityPlan:
    category: str
    label: str
    activities: list
    suggestions: list  # guide entries (with the branch's wording) not yet in the plan


def activity_plans(campaign: Campaign, *, wording: dict[str, str]) -> list[ActivityPlan]:
    activities = list(
        campaign.organising_activities.prefetch_related(
            models.Prefetch(
                "actions", queryset=WorkforceAction.objects.select_related("plan_row").order_by("due_on", "pk")
            )
        )
    )
    used = {a.guide_key for a in activities}
    plans = []
    for category, label in Category.choices:
        suggestions = [
            guide.Entry(entry.key, entry.label, wording[entry.key])
            for entry in guide.ACTIVITY_SUGGESTIONS[category]
            if entry.key not in used
        ]
        plans.append(ActivityPlan(category, label, [a for a in activities if a.category == category], suggestions))
    return plans


def activity_add(*, campaign: Campaign, category: str, title: str, guide_key: str = "", notes: str = "") -> Activity:
    last = campaign.organising_activities.filter(category=category).aggregate(m=models.Max("order"))["m"] or 0
    return Activity.objects.create(
        campaign=campaign, category=category, title=title, guide_key=guide_key, notes=notes, order=last + 1
    )


def activity_add_suggestion(*, campaign: Campaign, guide_key: str) -> Activity:
    """Add one of the guide's suggested activities, in the branch's wording; adding it twice returns the first."""
    category = next(c for c, entries in guide.ACTIVITY_SUGGESTIONS.items() if guide_key in {e.key for e in entries})
    existing = campaign.organising_activities.filter(guide_key=guide_key).first()
    if existing:
        return existing
    return activity_add(
        campaign=campaign, category=category, title=branch_wording(campaign.branch)[guide_key], guide_key=guide_key
    )


# ---------------------------------------------------------------- actions become campaign plan rows

PLAN_STATUS = {
    Progress.PLANNED: PlanRow.Status.TODO,
    Progress.IN_PROGRESS: PlanRow.Status.DOING,
    Progress.STUCK: PlanRow.Status.DOING,
    Progress.DONE: PlanRow.Status.DONE,
    Progress.DROPPED: PlanRow.Status.DROPPED,
}


def _objective(action) -> str:
    if isinstance(action, AllyAction):
        return f"Allies – {action.ally.get_broad_group_display()}: {action.ally.specific_group}"
    if action.activity_id:
        return f"{action.get_category_display()}: {action.activity.title}"
    return f"{action.get_category_display()} – {action.get_audience_display() or 'workforce'}"


@transaction.atomic
def action_to_plan_row(*, action: WorkforceAction | AllyAction) -> PlanRow:
    """Put an organising action into the campaign plan, under the campaign's current phase. Doing it twice
    (a double click, two officers at once) gives the same row: the action is locked while the row is made."""
    action = type(action).objects.select_for_update().get(pk=action.pk)
    if action.plan_row_id:
        return action.plan_row
    campaign = action.ally.campaign if isinstance(action, AllyAction) else action.campaign
    status = PLAN_STATUS[action.progress]
    row = PlanRow.objects.create(
        campaign=campaign,
        phase=campaign.phase,
        objective=_objective(action)[:500],
        task=action.description,
        deadline=action.due_on,
        status=status,
        done_on=timezone.localdate() if status == PlanRow.Status.DONE else None,
        notes=action.notes,
        position=PlanRow.next_position(campaign, campaign.phase),
    )
    action.plan_row = row
    action.save(update_fields=["plan_row"])
    return row


# ---------------------------------------------------------------- key arguments


def key_arguments(campaign: Campaign, *, wording: dict[str, str]) -> list[KeyArgument]:
    """The campaign's saved arguments, with the guide's eight (unsaved, in the branch's wording) where missing."""
    saved = list(campaign.key_arguments.all())
    have = {a.guide_key for a in saved}
    missing = [
        KeyArgument(
            campaign=campaign,
            guide_key=argument.key,
            argument=wording[f"argument.{argument.key}"],
            source=wording[f"source.{argument.key}"],
            order=index,
        )
        for index, argument in enumerate(guide.KEY_ARGUMENTS)
        if argument.key not in have
    ]
    return sorted(saved + missing, key=lambda a: (a.order, a.pk or 0))


# Which of the contract's data backs which argument; matched against reverse relations by model name so the
# campaigns app never imports the apps (or features) that own that data.
EVIDENCE_KINDS = {
    "unfair-treatment": ["comparison"],
    "collective-bargaining": ["contract"],
    "private-profits": ["financials"],
    "local-economy": ["comparison", "survey"],
    "declining-service": ["survey", "contract"],
    "cost-overruns": ["foi", "contract"],
    "lost-flexibility": ["survey"],
    "equality-impact": ["survey"],
}
RELATED_KINDS = {"comparison": "T&C comparison", "survey": "Survey", "foi": "FoI request"}


@dataclass(frozen=True)
class DataLink:
    kind: str
    label: str
    url: str


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _related_accessors() -> dict[str, list[str]]:
    """Reverse relations of Contract by the kind of evidence their model holds (comparison, survey, foi)."""
    found: dict[str, list[str]] = {}
    for relation in Contract._meta.related_objects:
        name = relation.related_model._meta.model_name
        for kind in RELATED_KINDS:
            if kind in name and hasattr(relation.related_model, "get_absolute_url"):
                found.setdefault(kind, []).append(relation.get_accessor_name())
    return found


def contract_data_links(campaign: Campaign) -> list[DataLink]:
    """Links to the target contracts' data that exists: the contract, its provider's financials, comparisons,
    surveys and FoI requests. A fixed number of queries however many contracts and rows there are."""
    accessors = _related_accessors()
    contracts = campaign.target_contracts.select_related("provider").prefetch_related(
        *[a for names in accessors.values() for a in names]
    )
    links = []
    for contract in contracts:
        url = _url("contracts:contract_detail", pk=contract.pk)
        if url:
            links.append(DataLink("contract", f"Contract: {contract.service}", url))
        if contract.provider_id:
            url = _url("contracts:provider_detail", pk=contract.provider_id)
            if url:
                links.append(DataLink("financials", f"{contract.provider.name}: accounts and financials", url))
        for kind, names in accessors.items():
            for name in names:
                for obj in getattr(contract, name).all():
                    links.append(DataLink(kind, f"{RELATED_KINDS[kind]}: {obj}", obj.get_absolute_url()))
    return links


def links_for_argument(argument: KeyArgument, links: list[DataLink]) -> list[DataLink]:
    kinds = EVIDENCE_KINDS.get(argument.guide_key)
    return [link for link in links if kinds is None or link.kind in kinds]


@transaction.atomic
def key_arguments_save(*, campaign: Campaign, formset) -> None:
    """Save the edited arguments; guide arguments never saved before are created on their first save."""
    for order, form in enumerate(formset.forms):
        if not form.instance.pk and not form.has_changed():
            continue  # a guide argument nobody has touched stays as the guide's default, unsaved
        if form.cleaned_data.get("DELETE"):
            if form.instance.pk:
                form.instance.delete()
            continue
        argument = form.save(commit=False)
        argument.campaign = campaign
        argument.order = order
        argument.save()


# ---------------------------------------------------------------- allies


@dataclass
class AllyRow:
    group: str
    label: str
    guidance: str
    allies: list


def allies_grid(campaign: Campaign, *, wording: dict[str, str]) -> list[AllyRow]:
    allies = list(
        campaign.allies.prefetch_related(
            models.Prefetch("actions", queryset=AllyAction.objects.select_related("plan_row"))
        )
    )
    return [
        AllyRow(group, label, wording[f"allies.{group}"], [a for a in allies if a.broad_group == group])
        for group, label in BroadGroup.choices
    ]


# ---------------------------------------------------------------- power map and calendar


def power_map_people(campaign: Campaign) -> list[PowerMapPerson]:
    return list(campaign.power_map.prefetch_related("influenced_by", "influences", "contacts", "meetings"))


@dataclass(frozen=True)
class CalendarEntry:
    date: object
    kind: str
    title: str
    decides_contract: bool
    notes: str
    meeting: DecisionMeeting | None = None


def meeting_vote(meeting: DecisionMeeting) -> dict:
    """How the decision makers who sit on a meeting stand, most influential first, with a count per stance."""
    members = sorted(meeting.members.all(), key=lambda p: (-p.influence, p.name))
    tally = [(stance, sum(1 for p in members if p.stance == stance.value)) for stance in Stance]
    return {
        "members": members,
        "tally": [(s, n) for s, n in tally if n],
        "for": sum(1 for p in members if p.stance > 0),
        "against": sum(1 for p in members if p.stance < 0),
        "undecided": sum(1 for p in members if p.stance == 0),
    }


def decision_calendar(campaign: Campaign, people: list[PowerMapPerson]) -> list[CalendarEntry]:
    """Meetings and elections in date order, with the power map's next election dates folded in."""
    entries = [
        CalendarEntry(m.date, m.get_kind_display(), m.title, m.decides_contract, m.notes, m)
        for m in campaign.decision_meetings.all()
    ]
    by_date: dict = {}
    for person in people:
        if person.next_election_on:
            by_date.setdefault(person.next_election_on, []).append(person.name)
    for date, names in by_date.items():
        entries.append(CalendarEntry(date, "Election", "Election: " + ", ".join(sorted(names)), False, ""))
    return sorted(entries, key=lambda e: (e.date, e.title))


# ---------------------------------------------------------------- business case


def business_case_for(campaign: Campaign) -> BusinessCase:
    """The saved business case, or an empty unsaved one to show and edit."""
    try:
        return campaign.business_case
    except BusinessCase.DoesNotExist:
        return BusinessCase(campaign=campaign)


# ---------------------------------------------------------------- everything, for the PDF and XLSX


def organising_context(campaign: Campaign) -> dict:
    """All the organising sections of one campaign, for the campaign PDF and spreadsheet."""
    wording = branch_wording(campaign.branch)
    people = power_map_people(campaign)
    links = contract_data_links(campaign)
    arguments = key_arguments(campaign, wording=wording)
    for argument in arguments:
        argument.data_links = links_for_argument(argument, links)
    business_case = business_case_for(campaign)
    return {
        "campaign": campaign,
        "audiences": Audience.choices,
        "grid": workforce_grid(campaign),
        "plans": activity_plans(campaign, wording=wording),
        "arguments": arguments,
        "ally_rows": allies_grid(campaign, wording=wording),
        "people": people,
        "power_map_svg": power_map_svg(people, title=f"Power map: {campaign.name}"),
        "calendar": decision_calendar(campaign, people),
        "business_case": business_case,
        "business_case_sections": business_case_sections(business_case, wording),
    }


def business_case_sections(business_case: BusinessCase, wording: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(name, getattr(business_case, name), wording[f"business.{name}"]) for name in BusinessCase.DIMENSIONS]


def ally_add(*, campaign: Campaign, **fields) -> Ally:
    last = campaign.allies.filter(broad_group=fields["broad_group"]).aggregate(m=models.Max("order"))["m"] or 0
    return Ally.objects.create(campaign=campaign, order=last + 1, **fields)


def branch_wording(branch) -> dict[str, str]:
    """Every key's text for this branch: its own where saved, the guide's otherwise (one query)."""
    return {key: row.text for key, row in wording_for(model=OrganisingWording, branch=branch).items()}

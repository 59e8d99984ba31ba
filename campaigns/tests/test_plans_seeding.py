import datetime

from campaigns.models import PlanRow, PlanStepTemplate, TeamMember
from campaigns.plans import guide, services
from contracts.models import ContractExtension
from contracts.tests.factories import ContractFactory

START = datetime.date(2025, 1, 6)


def _start(branch, user, contracts, **kwargs):
    return services.campaign_start(
        branch=branch, user=user, name="Bring catering back in-house", contracts=contracts, started_on=START, **kwargs
    )


def test_seeded_rows_count_back_two_years_from_the_contract_end_date(branch_a, alice):
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2027, 3, 31))
    campaign = _start(branch_a, alice, [contract])

    rows = {row.objective: row for row in campaign.plan_rows.all()}
    assert len(rows) == len(guide.STEPS)
    assert all(row.is_draft for row in rows.values())
    assert rows["Establish a clear picture of outsourced contracts"].deadline == datetime.date(2025, 3, 31)
    # 31 May 2025 and 31 January 2026 are Saturdays: the Friday before.
    assert rows["Establish a campaign team or organising committee"].deadline == datetime.date(2025, 5, 30)
    assert rows["Finalise the plan to win"].deadline == datetime.date(2026, 1, 30)
    assert rows["Launch the campaign from a position of confidence and strength"].deadline == datetime.date(2026, 3, 31)
    assert rows["Win, promote and celebrate the win"].deadline == datetime.date(2027, 3, 31)
    assert rows["Follow through: see the insourcing delivered"].deadline == datetime.date(2027, 9, 30)
    assert rows["Follow through: see the insourcing delivered"].is_follow_up
    assert [r.step for r in campaign.plan_rows.order_by("phase", "position")][:2] == ["1.1", "1.1"]


def test_an_open_extension_decision_comes_before_the_end_date(branch_a, alice):
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2029, 3, 31))
    ContractExtension.objects.create(contract=contract, months=24, decision_date=datetime.date(2027, 9, 30))
    ContractExtension.objects.create(
        contract=contract, months=12, decision_date=datetime.date(2026, 1, 31), status="declined"
    )
    campaign = _start(branch_a, alice, [contract])

    win = campaign.plan_rows.get(objective="Win, promote and celebrate the win")
    assert win.deadline == datetime.date(2027, 9, 30)


def test_less_than_two_years_left_squeezes_the_steps_into_the_time_available(branch_a, alice):
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2026, 1, 6))  # a year away
    campaign = _start(branch_a, alice, [contract])

    deadlines = [row.deadline for row in campaign.plan_rows.order_by("phase", "position")]
    first = campaign.plan_rows.get(objective="Establish a clear picture of outsourced contracts")
    assert first.deadline == START
    launch = campaign.plan_rows.get(objective="Launch the campaign from a position of confidence and strength")
    assert launch.deadline == START + datetime.timedelta(days=182)
    assert deadlines == sorted(deadlines)
    assert max(d for d in deadlines if d <= contract.end_date) == contract.end_date


def test_without_a_future_date_the_plan_runs_two_years_from_the_start(branch_a, alice):
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2020, 1, 1))
    anchor = services.plan_anchor(contracts=[contract], start=START)
    assert anchor.date == datetime.date(2027, 1, 6)
    assert "two years" in anchor.reason


def test_the_earliest_decision_among_several_targets_wins(branch_a):
    later = ContractFactory(branch=branch_a, end_date=datetime.date(2028, 3, 31))
    sooner = ContractFactory(branch=branch_a, end_date=datetime.date(2027, 8, 31))
    assert services.plan_anchor(contracts=[later, sooner], start=START).date == datetime.date(2027, 8, 31)


def test_starting_records_the_baseline_and_makes_the_starter_lead(branch_a, alice):
    one = ContractFactory(branch=branch_a, staff_count=100, union_members=30, other_union_members=5, activists=2)
    two = ContractFactory(branch=branch_a, staff_count=50, union_members=20, other_union_members=0, activists=1)
    campaign = _start(branch_a, alice, [one, two])

    assert (campaign.baseline_on, campaign.baseline_staff, campaign.baseline_members, campaign.baseline_activists) == (
        START,
        150,
        50,
        3,
    )
    assert str(campaign.baseline_density) == "33.3"
    assert campaign.lead.user == alice
    assert campaign.lead.role == TeamMember.Role.BRANCH_OFFICER
    assert campaign.lead.email == "alice@example.org"


def test_a_figure_unknown_for_any_target_leaves_the_baseline_unknown_not_zero(branch_a, alice):
    known = ContractFactory(branch=branch_a, activists=4)
    unknown = ContractFactory(branch=branch_a, activists=None)
    campaign = _start(branch_a, alice, [known, unknown])
    assert campaign.baseline_activists is None
    assert campaign.baseline_staff == 240


def test_a_branch_with_its_own_steps_is_offered_those(branch_a, alice):
    PlanStepTemplate.objects.create(
        branch=branch_a, phase=2, step="2.1", objective="Visit every school kitchen", months_before=12
    )
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2027, 3, 31))
    campaign = _start(branch_a, alice, [contract])
    assert list(campaign.plan_rows.values_list("objective", "deadline")) == [
        ("Visit every school kitchen", datetime.date(2026, 3, 31))
    ]


def test_starting_without_seeding_leaves_the_plan_empty(branch_a, alice):
    campaign = _start(branch_a, alice, [], seed=False)
    assert not PlanRow.objects.filter(campaign=campaign).exists()

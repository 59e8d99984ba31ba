"""Hand-built data for the dashboard and API tests, small enough to check every figure by eye.

Today is Monday 15 June 2026 (tests travel there). Branch A ("Demo City", region north, alice):
- contracts: Cleaning ends 31 Jan 2027 (lead-in, targeted by Catering campaign), Catering ends 15 Jun 2028
  (lead-in, exactly 24 months, no campaign), Leisure ends 2029 (later), Parks ended 1 Jan 2026.
- campaigns: "Clean" phase 2, active, target 50% / 10 activists, baseline 10 Jan 2026 (100 staff, 30 members,
  2 activists), snapshots 1 Mar (100/40/4) and 1 May (100/45/6) -> 45.0%, 6 activists; "Launch" phase 3,
  planning, no figures; "Won" (won, not active).
- plan rows of "Clean": alice's overdue (10 Jun) and due (18 Jun); due later (25 Jun), done, draft overdue, and
  someone else's overdue (11 Jun) -> 2 overdue rows.
- FoI: sent due 1 Jun and marked overdue due 20 May (2 overdue); acknowledged due 20 Jun (due); answered;
  sent due 30 Jul.
- an open survey on Cleaning (100 staff) with 3 responses; a draft survey.
Branch A2 ("North County", north, amy): Parks contract ending 2030; campaign "County" phase 1, target 60% /
5 activists, baseline 1 Feb 2026 (50 staff, 40 members, 1 activist) -> 80.0%.
Branch B ("South Town", south, bob): a lead-in contract with no campaign, an overdue FoI, a campaign.
"""

import datetime
from dataclasses import dataclass

from campaigns.models import Campaign, MembershipSnapshot, PlanRow
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from contracts.models import Contract, FoIRequest
from contracts.tests.factories import ContractFactory, make_foi
from surveys.models import Survey
from surveys.services import survey_create, survey_open
from surveys.tests.factories import answer

TODAY = datetime.date(2026, 6, 15)
NOW = datetime.datetime(2026, 6, 15, 9, 0)
D = datetime.date


@dataclass
class World:
    cleaning: Contract
    catering: Contract
    clean: Campaign
    launch: Campaign
    county: Campaign
    survey: Survey
    south_contract: Contract
    south_survey: Survey


def _contract(branch, service, end, **fields):
    return ContractFactory(branch=branch, service=service, end_date=end, **fields)


def _row(campaign, objective, deadline, *, responsible=None, **fields) -> PlanRow:
    return PlanRowFactory(campaign=campaign, objective=objective, deadline=deadline, responsible=responsible, **fields)


def build_world(*, alice, branch_a, branch_a2, branch_b, bob) -> World:
    cleaning = _contract(branch_a, "Cleaning", D(2027, 1, 31), staff_count=100)
    catering = _contract(branch_a, "Catering", D(2028, 6, 15))
    _contract(branch_a, "Leisure", D(2029, 1, 1))
    _contract(branch_a, "Parks", D(2026, 1, 1))

    clean = CampaignFactory(
        branch=branch_a,
        name="Clean",
        phase=2,
        status=Campaign.Status.ACTIVE,
        target_density=50,
        target_activists=10,
        baseline_on=D(2026, 1, 10),
        baseline_staff=100,
        baseline_members=30,
        baseline_activists=2,
        target_contracts=[cleaning],
    )
    MembershipSnapshot.objects.create(campaign=clean, taken_on=D(2026, 3, 1), staff=100, members=40, activists=4)
    MembershipSnapshot.objects.create(campaign=clean, taken_on=D(2026, 5, 1), staff=100, members=45, activists=6)
    launch = CampaignFactory(branch=branch_a, name="Launch", phase=3)
    CampaignFactory(branch=branch_a, name="Won", phase=5, status=Campaign.Status.WON)

    mine = TeamMemberFactory(campaign=clean, user=alice, name="Alice")
    other = TeamMemberFactory(campaign=clean, name="Sam")
    _row(clean, "Map the sites", D(2026, 6, 10), responsible=mine)
    _row(clean, "Book the room", D(2026, 6, 18), responsible=mine, status="doing")
    _row(clean, "Print leaflets", D(2026, 6, 25), responsible=mine)
    _row(clean, "Old task", D(2026, 6, 1), responsible=mine, status="done")
    _row(clean, "Offered step", D(2026, 6, 12), responsible=mine, is_draft=True)
    _row(clean, "Sam's task", D(2026, 6, 11), responsible=other)

    make_foi(branch_a, alice, contracts=0, status=FoIRequest.Status.SENT, due_on=D(2026, 6, 1))
    make_foi(branch_a, alice, contracts=0, status=FoIRequest.Status.OVERDUE, due_on=D(2026, 5, 20))
    make_foi(branch_a, alice, contracts=0, status=FoIRequest.Status.ACKNOWLEDGED, due_on=D(2026, 6, 20))
    make_foi(branch_a, alice, contracts=0, status=FoIRequest.Status.ANSWERED, due_on=D(2026, 6, 1))
    make_foi(branch_a, alice, contracts=0, status=FoIRequest.Status.SENT, due_on=D(2026, 7, 30))

    survey = survey_open(survey=survey_create(contract=cleaning, user=alice))
    for _ in range(3):
        answer(survey, support="yes")
    survey_create(contract=catering, user=alice)

    _contract(branch_a2, "County parks", D(2030, 1, 1))
    county = CampaignFactory(
        branch=branch_a2,
        name="County",
        phase=1,
        status=Campaign.Status.ACTIVE,
        target_density=60,
        target_activists=5,
        baseline_on=D(2026, 2, 1),
        baseline_staff=50,
        baseline_members=40,
        baseline_activists=1,
    )

    south_contract = _contract(branch_b, "South catering", D(2027, 1, 1))
    make_foi(branch_b, bob, contracts=0, status=FoIRequest.Status.SENT, due_on=D(2026, 6, 1))
    CampaignFactory(branch=branch_b, name="South campaign", phase=4)
    south_survey = survey_open(survey=survey_create(contract=south_contract, user=bob))
    answer(south_survey, support="no")
    return World(cleaning, catering, clean, launch, county, survey, south_contract, south_survey)

"""The region table caches each branch's row under its own data generation (overview/dashboards/rowcache.py):
after a change in one branch, the next load computes that branch alone, and the page, totals included, is the
page a computation from nothing gives.

Changes run inside `django_capture_on_commit_callbacks(execute=True)`: a branch's data generation moves on when
the change commits, and a test's transaction never does.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot, PlanRow
from campaigns.tests.factories import CampaignFactory, PlanRowFactory
from contracts.tests.factories import ContractFactory, make_foi
from contracts.tests.register_helpers import contract_form_data
from insourcing import freshness
from insourcing.tests.factories import BranchFactory
from overview.dashboards import region
from surveys.services import survey_create, survey_open
from surveys.tests.factories import answer

from .factories import NOW, TODAY
from .test_dashboard_cache import _figures, _page


def _cell(page: str, branch: str, column: int) -> str:
    return " ".join(_figures(page, branch)[column].split())


pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def more(world, region_north, alice, django_capture_on_commit_callbacks):
    """Three more branches in the North, each with figures of its own: lead-in contracts with and without a
    campaign, two campaigns on one contract (its workforce counted once), snapshots, overdue plan rows and FoI
    requests, an open survey with responses and a deciding meeting."""
    for number, staff in enumerate([120, 80, 300], start=1):
        branch = BranchFactory(region=region_north, name=f"Branch {number}")
        targeted = ContractFactory(
            branch=branch, service=f"Cleaning {number}", end_date=D(2027, 3, 1), staff_count=staff
        )
        ContractFactory(branch=branch, service=f"Catering {number}", end_date=D(2027, 9, 1), staff_count=40)
        ContractFactory.create_batch(number, branch=branch, end_date=D(2031, 1, 1))
        first = CampaignFactory(
            branch=branch,
            name=f"First {number}",
            phase=number,
            status=Campaign.Status.ACTIVE,
            started_on=D(2026, 1, 1),  # before the second: it is the one counted
            target_density=40 + 5 * number,
            target_activists=3 * number,
            baseline_on=D(2026, 1, 1),
            baseline_staff=staff,
            baseline_members=staff // (number + 1),
            baseline_activists=number,
            target_contracts=[targeted],
        )
        MembershipSnapshot.objects.create(
            campaign=first, taken_on=D(2026, 4, 1), staff=staff, members=staff // number, activists=2 * number
        )
        second = CampaignFactory(
            branch=branch,
            name=f"Second {number}",
            phase=1,
            status=Campaign.Status.ACTIVE,
            target_density=70,
            started_on=D(2026, 3, 1),
            target_contracts=[targeted],
        )
        MembershipSnapshot.objects.create(campaign=second, taken_on=D(2026, 5, 1), staff=staff, members=10)
        PlanRowFactory.create_batch(number, campaign=first, deadline=D(2026, 6, 1))
        make_foi(branch, alice, contracts=0, status="sent", due_on=D(2026, 6, 1))
        survey = survey_open(survey=survey_create(contract=targeted, user=alice))
        for _ in range(number * 2):
            answer(survey, support="yes")
        DecisionMeeting.objects.create(
            campaign=first, kind="cabinet", title="Cabinet", date=D(2026, 7, number), decides_contract=True
        )
    # As if all this had been committed: the branches marked changed while it was made (collected on the
    # connection until a commit the test's transaction never makes) are bumped now, not with a test's change.
    with django_capture_on_commit_callbacks(execute=True):
        freshness.mark_changed(region_north.branches.values_list("pk", flat=True))
    return world


@pytest.fixture
def spy(monkeypatch):
    """The branches whose rows each load computed."""
    computed = []
    compute = region.branch_rows

    def branch_rows(branches, **kwargs):
        computed.append(sorted(b.name for b in branches))
        return compute(branches, **kwargs)

    monkeypatch.setattr(region, "branch_rows", branch_rows)
    return computed


def _from_nothing(client) -> str:
    """The page computed afresh: no fragment, no row, no data generation cached."""
    cache.clear()
    return _page(client)


def _edit_contract(client, contract, **fields):
    data = contract_form_data(contract, authority=contract.authority, figures_source="foi", **fields)
    response = client.post(reverse("contracts:contract_edit", kwargs={"pk": contract.pk}), data)
    assert response.status_code == 302


def _plan_row_done(client, row):
    url = reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk})
    response = client.post(url, {"phase": str(row.phase), "objective": row.objective, "status": "done"})
    assert response.status_code == 302


def _second_campaign_on_cleaning(world):
    again = CampaignFactory(
        branch=world.clean.branch,
        name="Clean again",
        status=Campaign.Status.ACTIVE,
        started_on=D(2026, 6, 1),
        target_contracts=[world.cleaning],
    )
    MembershipSnapshot.objects.create(campaign=again, taken_on=D(2026, 6, 2), staff=100, members=70, activists=9)


# Each change, made through the app's own paths, and the Demo City cell it moves: (column, before, after).
CHANGES = {
    "the open survey's contract gets more staff (contract form)": (
        lambda officer, world: _edit_contract(officer, world.cleaning, staff_count="200"),
        (8, "3.0% (1 open)", "1.5% (1 open)"),
    ),
    "a plan row is done (plan row form)": (
        lambda officer, world: _plan_row_done(officer, PlanRow.objects.get(objective="Map the sites")),
        (6, "3", "2"),
    ),
    "a member answers the open survey": (
        lambda officer, world: answer(world.survey, support="yes"),
        (8, "3.0% (1 open)", "4.0% (1 open)"),
    ),
    "a second campaign on a targeted contract (counted once)": (
        lambda officer, world: _second_campaign_on_cleaning(world),
        (3, "2 by phase 1 to 5: (0·1·1·0·0)", "3 by phase 1 to 5: (1·1·1·0·0)"),
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_after_a_change_in_one_branch_the_page_is_the_page_computed_afresh(
    change, more, alice_client, olive, django_capture_on_commit_callbacks
):
    organiser = Client()
    organiser.force_login(olive)
    before = _page(organiser)  # every branch's row cached
    make, (column, was, now) = CHANGES[change]
    assert _cell(before, "Demo City", column) == was
    with django_capture_on_commit_callbacks(execute=True):
        make(alice_client, more)
    after = _page(organiser)
    assert _cell(after, "Demo City", column) == now
    assert after == _from_nothing(organiser)  # every branch's figures, the totals and the next decisions


def test_the_region_total_adds_up_cached_and_computed_rows_as_a_fresh_computation(
    more, region_north, olive_client, django_capture_on_commit_callbacks
):
    _page(olive_client)
    with django_capture_on_commit_callbacks(execute=True):
        _second_campaign_on_cleaning(more)
        MembershipSnapshot.objects.create(campaign=more.county, taken_on=TODAY, staff=55, members=50, activists=3)
    page = _page(olive_client)
    [table] = region.region_tables([region_north], today=TODAY)
    total = table.total
    footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
    assert f"{total.totals.density}% / {total.totals.target_density}%" in footer
    assert f"{total.totals.activists} / {total.totals.target_activists}" in footer
    assert f"{total.response_rate}% <span" in footer
    # Demo City's new campaign started before "Clean" and so is its one counted (9 activists), North County's
    # snapshot of today (3), the three branches' first campaigns (2, 4, 6); contracts 4 + 1 + 3 + 4 + 5.
    assert (total.totals.activists, total.contracts) == (9 + 3 + 12, 17)
    assert page == _from_nothing(olive_client)


def test_a_change_in_one_branch_computes_that_branch_alone(more, olive_client, spy, django_capture_on_commit_callbacks):
    _page(olive_client)
    assert spy == [["Branch 1", "Branch 2", "Branch 3", "Demo City", "North County"]]
    with django_capture_on_commit_callbacks(execute=True):
        ContractFactory(branch=more.cleaning.branch, service="Windows")
    assert _figures(_page(olive_client), "Demo City")[0] == "5"
    assert spy[1:] == [["Demo City"]]


def test_other_table_options_compute_no_branch(more, olive_client, spy):
    _page(olive_client)
    page = _page(olive_client, sort="contracts", dir="desc")
    assert spy[1:] == [[]]
    assert page.index(">Branch 3</a>") < page.index(">Demo City</a>") < page.index(">Branch 1</a>")


def test_a_day_later_every_row_is_computed_again(more, olive, olive_client, spy, time_machine):
    """A plan row due today is overdue tomorrow with no change to any data."""
    PlanRowFactory(campaign=more.county, deadline=TODAY)
    assert _figures(_page(olive_client), "North County")[6] == "0"
    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    olive_client.force_login(olive)  # the session of yesterday has expired
    assert _figures(_page(olive_client), "North County")[6] == "1"
    assert spy[1] == spy[0]

"""Both dashboards cost the same number of queries for 1 branch or 30, and 1 row or 500: computed afresh
(DASHBOARD_CACHE_SECONDS 0, as on the first load of the day), after one branch's change, and from the cache."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from contracts.tests.factories import ContractFactory, make_foi
from insourcing import freshness
from insourcing.models import BranchOfficer
from insourcing.tests.factories import BranchFactory
from surveys.services import survey_create, survey_open

pytestmark = pytest.mark.django_db

# One for the campaigns' target contracts, so a workforce is summed once; two for the next decision dates.
ORGANISER_QUERIES = 15
# Three for the procurement notices' lines: waiting and moved, the register's CPV codes, the new tenders.
OFFICER_QUERIES = 18
DRILLDOWN_QUERIES = 15
BOTH_QUERIES = 30
# From the cache: session, user, and their roles with their regions' branches (for their generations), one query
# (insourcing.scoping.request_roles).
CACHED_QUERIES = 4
SOON = datetime.date.today() + datetime.timedelta(days=200)
PAST = datetime.date.today() - datetime.timedelta(days=3)


def _fill(branch, user, rows: int):
    """A branch with something in every figure; `rows` of each repeated thing."""
    contracts = ContractFactory.create_batch(rows, branch=branch, end_date=SOON)
    campaign = CampaignFactory(branch=branch, status=Campaign.Status.ACTIVE, target_contracts=contracts[:1])
    MembershipSnapshot.objects.create(campaign=campaign, staff=10, members=5, activists=1)
    member = TeamMemberFactory(campaign=campaign, user=user)
    PlanRowFactory.create_batch(rows, campaign=campaign, deadline=PAST, responsible=member)
    make_foi(branch, user, contracts=0, status="sent", due_on=PAST)
    for contract in contracts:  # each branch's next decision: a meeting and extension decisions to choose from
        contract.extensions.create(order=1, months=12, decision_date=SOON)
    DecisionMeeting.objects.create(campaign=campaign, kind="cabinet", title="Cabinet", date=SOON, decides_contract=True)
    survey_open(survey=survey_create(contract=contracts[0], user=user))


def _branches(region, user, count):
    for _ in range(count):
        _fill(BranchFactory(region=region), user, rows=1)


@pytest.fixture
def uncached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


def test_organiser_dashboard_is_the_same_for_1_and_30_branches(
    client, olive, region_north, count_queries, django_assert_max_num_queries, uncached
):
    client.force_login(olive)
    _branches(region_north, olive, 1)
    one = count_queries(lambda: client.get(reverse("dashboard")))
    _branches(region_north, olive, 29)
    with django_assert_max_num_queries(ORGANISER_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200
    assert count_queries(lambda: client.get(reverse("dashboard"))) == one == ORGANISER_QUERIES


@pytest.mark.parametrize("branches", [1, 30])
def test_organiser_dashboard_after_one_branchs_change_is_the_same_for_1_and_30_branches(
    client,
    olive,
    region_north,
    branches,
    count_queries,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """The changed branch's rows come from the same grouped queries, restricted to it (the others' from the cache)."""
    _branches(region_north, olive, branches)
    ids = list(region_north.branches.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):  # as if the data above had been committed
        freshness.mark_changed(ids)
    client.force_login(olive)
    client.get(reverse("dashboard"))
    filled = list(region_north.branches.filter(campaigns__isnull=False).order_by("pk").values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        freshness.mark_changed(filled[:1])
    with django_assert_max_num_queries(ORGANISER_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        freshness.mark_changed(filled[-1:])
    assert count_queries(lambda: client.get(reverse("dashboard"))) == ORGANISER_QUERIES


@pytest.mark.parametrize("rows", [1, 500])
def test_officer_dashboard_is_the_same_for_1_and_500_rows(
    alice_client, alice, branch_a, rows, count_queries, django_assert_max_num_queries, uncached
):
    _fill(branch_a, alice, rows)
    with django_assert_max_num_queries(OFFICER_QUERIES):
        assert alice_client.get(reverse("dashboard")).status_code == 200
    assert count_queries(lambda: alice_client.get(reverse("dashboard"))) == OFFICER_QUERIES


@pytest.mark.parametrize("branches", [1, 30])
def test_officer_and_organiser_dashboard_is_the_same_for_1_and_30_branches(
    client, olive, region_north, branches, count_queries, uncached
):
    _branches(region_north, olive, branches)
    for branch in region_north.branches.all():
        BranchOfficer.objects.create(user=olive, branch=branch)
    client.force_login(olive)
    assert count_queries(lambda: client.get(reverse("dashboard"))) == BOTH_QUERIES


@pytest.mark.parametrize("branches", [1, 30])
def test_cached_dashboard_of_an_officer_and_organiser_is_the_same_for_1_and_30_branches(
    client, olive, region_north, branches, count_queries, django_assert_max_num_queries
):
    _branches(region_north, olive, branches)
    for branch in region_north.branches.all():
        BranchOfficer.objects.create(user=olive, branch=branch)
    client.force_login(olive)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(CACHED_QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200
    assert count_queries(lambda: client.get(reverse("dashboard"))) == CACHED_QUERIES


@pytest.mark.parametrize("rows", [1, 500])
def test_branch_drilldown_is_the_same_for_1_and_500_rows(olive_client, olive, branch_a, rows, count_queries):
    _fill(branch_a, olive, rows)
    url = reverse("dashboard_branch", kwargs={"slug": branch_a.slug})
    assert count_queries(lambda: olive_client.get(url)) == DRILLDOWN_QUERIES


@pytest.mark.parametrize("rows", [1, 500])
def test_api_lists_are_the_same_for_1_and_500_rows(alice_client, alice, branch_a, rows, count_queries):
    _fill(branch_a, alice, rows)
    counts = {name: count_queries(lambda n=name: alice_client.get(reverse(f"api:{n}"))) for name in API_LISTS}
    assert counts == API_QUERIES


API_LISTS = ["contracts", "campaigns", "plan_rows", "foi_requests", "surveys"]
# Session, user, the user's roles and branches (insourcing.scoping.request_roles: one query, so each scoped query
# filters by a list of ids instead of compiling the roles subquery) and count queries, then one per relation each list
# reads (prefetches included).
API_QUERIES = {"contracts": 5, "campaigns": 7, "plan_rows": 5, "foi_requests": 6, "surveys": 5}

"""Each organising page runs the same number of queries with 1 row as with 500."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import (
    Activity,
    Ally,
    AllyAction,
    DecisionMeeting,
    KeyArgument,
    PlanRow,
    PowerMapContact,
    PowerMapPerson,
    WorkforceAction,
)
from campaigns.tests.factories import make_campaign
from contracts.tests.factories import ContractFactory


def _fill(campaign, rows):
    day = datetime.date(2027, 1, 1)
    activities = Activity.objects.bulk_create(
        Activity(campaign=campaign, category="recruitment", title=f"Activity {n}") for n in range(rows)
    )
    plan_rows = PlanRow.objects.bulk_create(PlanRow(campaign=campaign, objective=f"Row {n}") for n in range(rows))
    WorkforceAction.objects.bulk_create(
        WorkforceAction(
            campaign=campaign,
            category="recruitment",
            audience="members" if n % 2 else "",
            activity=activities[n],
            plan_row=plan_rows[n],
            description=f"Action {n}",
            due_on=day,
        )
        for n in range(rows)
    )
    KeyArgument.objects.bulk_create(KeyArgument(campaign=campaign, argument=f"Argument {n}") for n in range(rows))
    allies = Ally.objects.bulk_create(
        Ally(campaign=campaign, broad_group="media", specific_group=f"Paper {n}") for n in range(rows)
    )
    AllyAction.objects.bulk_create(
        AllyAction(ally=ally, description="Call", plan_row=plan_rows[n]) for n, ally in enumerate(allies)
    )
    people = PowerMapPerson.objects.bulk_create(
        PowerMapPerson(campaign=campaign, name=f"Cllr {n}", role="Member", next_election_on=day) for n in range(rows)
    )
    PowerMapContact.objects.bulk_create(PowerMapContact(person=p, summary="Met") for p in people)
    for person in people[1:]:
        person.influenced_by.add(people[0])
    meetings = DecisionMeeting.objects.bulk_create(
        DecisionMeeting(campaign=campaign, kind="cabinet", title=f"Cabinet {n}", date=day) for n in range(rows)
    )
    meetings[0].members.add(*people)  # who sits on which meeting: shown in the power map's table
    campaign.target_contracts.add(ContractFactory(branch=campaign.branch))


PAGES = [
    ("workforce_grid", 5),
    ("activity_plans", 7),
    ("key_arguments", 10),
    ("allies", 7),
    ("power_map", 10),  # with who each person influences and the meetings they sit on
    ("business_case", 6),
    # The plan's spreadsheet, with the organising sheets added; no navigation, so the request's roles query
    # (insourcing.scoping.request_roles) is one more than the scoped queries' subqueries were.
    ("campaign_xlsx", 26),
]


@pytest.mark.parametrize(("url_name", "max_queries"), PAGES)
@pytest.mark.parametrize("rows", [1, 500])
def test_page_query_count_is_the_same_for_1_and_500_rows(
    alice_client, branch_a, url_name, max_queries, rows, django_assert_max_num_queries, count_queries
):
    campaign = make_campaign(branch_a)
    _fill(campaign, rows)
    url = reverse(f"campaigns:{url_name}", kwargs={"pk": campaign.pk})
    with django_assert_max_num_queries(max_queries):
        assert alice_client.get(url).status_code == 200
    assert count_queries(lambda: alice_client.get(url)) == max_queries

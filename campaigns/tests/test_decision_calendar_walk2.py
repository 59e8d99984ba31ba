"""Issue 18, a second user walk: one rule for "overdue" everywhere, a future deciding meeting worded as still to
come, membership against staff from the latest reading, tables that fit a phone, and the wording fixes."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import PlanRow
from campaigns.plans import decisions, services
from campaigns.tests.factories import PlanRowFactory, TeamMemberFactory
from contracts.tests.factories import ContractFactory

TODAY = datetime.date(2026, 12, 1)  # a Tuesday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        yield


@pytest.fixture
def campaign(branch_a, alice):
    contract = ContractFactory(branch=branch_a, service="Office cleaning", end_date=datetime.date(2028, 6, 30))
    return services.campaign_start(
        branch=branch_a, user=alice, name="Cleaning in-house", contracts=[contract], started_on=TODAY, seed=False
    )


def _row(campaign, days, **fields):
    return PlanRowFactory(campaign=campaign, deadline=TODAY + datetime.timedelta(days=days), **fields)


# ---------------------------------------------------------------- 1. one rule for overdue


@pytest.mark.parametrize(
    ("days", "fields"),
    [
        (-1, {}),
        (-1, {"is_draft": True}),
        (-1, {"status": "doing"}),
        (-1, {"status": "done"}),
        (-1, {"status": "dropped", "is_draft": True}),
        (0, {}),
        (0, {"is_draft": True}),
        (3, {}),
    ],
)
def test_the_row_and_the_queryset_agree_on_overdue(campaign, days, fields):
    row = _row(campaign, days, **fields)
    assert (row in PlanRow.objects.overdue()) is row.is_overdue()


def test_a_past_due_draft_is_counted_and_listed_as_overdue_everywhere(alice_client, campaign):
    dee = TeamMemberFactory(campaign=campaign, name="Dee")
    accepted = _row(campaign, -5, objective="Accepted and late", responsible=dee)
    draft = _row(campaign, -3, objective="Draft and late", is_draft=True, responsible=dee)
    _row(campaign, -2, objective="Done already", status="done")
    due_draft = _row(campaign, 4, objective="Draft due soon", is_draft=True)

    box = decisions.next_days(campaign=campaign)
    assert [item.label for item in box.overdue] == ["Accepted and late", "Draft and late"]
    assert due_draft.objective not in [item.label for item in box.upcoming]  # drafts listed once accepted

    page = alice_client.get(campaign.get_absolute_url()).content.decode()
    assert "Overdue (2)" in page

    filtered = alice_client.get(campaign.get_absolute_url(), {"show": "overdue"}).content.decode()
    assert f'id="row-{accepted.pk}"' in filtered and f'id="row-{draft.pk}"' in filtered
    assert f'id="row-{due_draft.pk}"' not in filtered

    listing = alice_client.get(reverse("campaigns:campaign_list")).context["table"]
    assert [r.overdue_rows for r in listing.data] == [2]

    # Reminders still wait for a draft to be accepted.
    assert draft not in services.due_reminder_rows(TODAY)
    assert accepted in services.due_reminder_rows(TODAY)

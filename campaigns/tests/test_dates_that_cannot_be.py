"""Dates a campaign's forms refuse: what has happened is not dated ahead (a task done, a contact made, a
baseline counted), a campaign starts at most a month ahead and every entry point says so, and targets are met after
the baseline. Each refusal says what to do and saves nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign, PlanRow, PowerMapContact
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, make_person
from contracts.tests.factories import ContractFactory
from insourcing.models import BranchOfficer

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 12, 7, 12, 0)


def _start_form_post(client, url, **fields):
    """Post the start form as the page renders it: every field it shows with a value, plus the person's input."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(fields)
    return client.post(url, data)


def _entry_points(client, alice, branch_a, branch_a2):
    contract = ContractFactory(branch=branch_a, staff_count=100, union_members=30)
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    create = reverse("campaigns:campaign_create")
    return {
        "contract page": (f"{create}?contract={contract.pk}", {}),
        "campaigns list": (create, {"branch": str(branch_a.pk), "name": "From the list"}),
        "branch page": (f"{create}?branch={branch_a2.slug}", {"name": "From the branch page"}),
    }


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("entry", ["contract page", "campaigns list", "branch page"])
def test_every_start_a_campaign_refuses_a_start_years_ahead(client, alice, branch_a, branch_a2, entry):
    client.force_login(alice)
    url, fields = _entry_points(client, alice, branch_a, branch_a2)[entry]
    response = _start_form_post(client, url, started_on="2031-01-06", **fields)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "A campaign can start at most a month ahead (by 7 January 2027)" in body
    assert not Campaign.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_campaign_starting_next_month_dates_its_baseline_today(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100, union_members=30)
    url = reverse("campaigns:campaign_create") + f"?contract={contract.pk}"
    response = _start_form_post(alice_client, url, started_on="2027-01-04")
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.started_on, campaign.baseline_on, campaign.baseline_members) == (
        datetime.date(2027, 1, 4),
        datetime.date(2026, 12, 7),
        30,
    )


@time_machine.travel(TODAY, tick=False)
def test_a_plan_row_cannot_be_done_on_a_day_to_come(alice_client, branch_a):
    row = PlanRowFactory(campaign=CampaignFactory(branch=branch_a), objective="Map the workforce")
    url = reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk})
    data = {"phase": "1", "objective": "Map the workforce", "status": "done", "done_on": "2027-03-01"}
    response = alice_client.post(url, data)
    assert "This date is in the future (today is 7 December 2026)" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.done_on) == (PlanRow.Status.TODO, None)
    alice_client.post(url, data | {"done_on": "2026-12-01"})
    row.refresh_from_db()
    assert (row.status, row.done_on) == (PlanRow.Status.DONE, datetime.date(2026, 12, 1))


@time_machine.travel(TODAY, tick=False)
def test_a_power_map_contact_is_recorded_once_it_has_happened(alice_client, branch_a):
    person = make_person(branch_a)
    url = reverse("campaigns:contact_add", kwargs={"pk": person.pk})
    response = alice_client.post(url, {"date": "2027-02-01", "kind": "meeting", "summary": "Cabinet briefing"})
    assert "Record a contact once it has happened" in response.content.decode()
    assert not PowerMapContact.objects.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("2026-01-01", "Targets are met after the baseline"),
        ("2026-11-01", "This date has passed"),
    ],
)
def test_targets_are_met_after_the_baseline_and_in_the_future(alice_client, branch_a, target, message):
    campaign = CampaignFactory(branch=branch_a, baseline_on=datetime.date(2026, 6, 1))
    url = reverse("campaigns:campaign_targets", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, {"baseline_on": "2026-06-01", "target_date": target, "target_density": "60"})
    assert response.status_code == 200 and message in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.target_date is None


@time_machine.travel(TODAY, tick=False)
def test_a_campaign_whose_target_date_passed_can_still_have_its_figures_edited(alice_client, branch_a):
    campaign = CampaignFactory(
        branch=branch_a, baseline_on=datetime.date(2025, 6, 1), target_date=datetime.date(2026, 6, 1)
    )
    url = reverse("campaigns:campaign_targets", kwargs={"pk": campaign.pk})
    response = alice_client.post(
        url, {"baseline_on": "2025-06-01", "target_date": "2026-06-01", "target_density": "70"}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.target_density == 70

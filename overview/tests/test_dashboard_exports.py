"""The officer dashboard, the branch drill-down, priorities and the timeline as spreadsheets, as the pages show them."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import PlanRow
from campaigns.tests.factories import CampaignFactory
from contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def world(branch_a, alice):
    contract = ContractFactory(branch=branch_a, service="Office cleaning", end_date=datetime.date(2027, 6, 30))
    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back", status="active")
    campaign.target_contracts.add(contract)
    PlanRow.objects.create(campaign=campaign, phase=1, objective="Map the workforce", deadline=TODAY)
    return contract


def _sheets(response) -> dict[str, list[list]]:
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_branch_drilldown_exports_each_panel_as_a_sheet(olive_client, branch_a, world):
    sheets = _sheets(olive_client.get(reverse("dashboard_branch", kwargs={"slug": branch_a.slug}) + "?_export=xlsx"))
    assert list(sheets)[:3] == ["Plan rows", "Lead-in contracts", "FoI replies"]
    assert sheets["Plan rows"][1][:3] == [datetime.datetime(2026, 3, 2), "No", "Map the workforce"]
    assert sheets["Lead-in contracts"][1] == [
        datetime.datetime(2027, 6, 30),
        "Office cleaning",
        world.authority.name,
        "Yes",
    ]


def test_drilldown_export_is_scoped(bob, client, branch_a):
    client.force_login(bob)
    assert client.get(reverse("dashboard_branch", kwargs={"slug": branch_a.slug}) + "?_export=xlsx").status_code == 404


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_officer_dashboard_exports_the_officer_panels(alice_client, world):
    sheets = _sheets(alice_client.get(reverse("dashboard") + "?_export=xlsx"))
    assert "Lead-in contracts" in sheets and "Campaign progress" in sheets
    assert sheets["Campaign progress"][1][0] == "Bring cleaning back"


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_priorities_and_timeline_export_what_the_pages_rank(alice_client, world):
    priorities = _sheets(alice_client.get(reverse("contracts:priorities") + "?_export=xlsx"))["Priorities"]
    assert priorities[0][:5] == ["Rank", "Contract", "Public authority", "Score (out of 5)", "Factors known (of 6)"]
    assert priorities[1][:2] == [1, "Office cleaning"]
    timeline = _sheets(alice_client.get(reverse("contracts:timeline") + "?_export=xlsx"))["Renewals"]
    assert timeline[0][:4] == ["Contract", "Public authority", "Ends", "Months left"]
    assert timeline[1][2:4] == [datetime.datetime(2027, 6, 30), 15]
    csv_body = alice_client.get(reverse("contracts:timeline") + "?_export=csv").content
    assert csv_body.startswith("\ufeff".encode()) and b"2027-06-30" in csv_body

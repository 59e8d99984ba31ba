"""The campaign list on the shared list view: scope, filters, sorting, pagination, typed CSV/XLSX exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Campaign, PlanRow
from campaigns.tests.factories import CampaignFactory
from contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db
URL = reverse("campaigns:campaign_list")


@pytest.fixture
def campaigns(branch_a, branch_a2, branch_b):
    cleaning = CampaignFactory(branch=branch_a, name="Bring cleaning back", phase=2, status="active")
    cleaning.target_contracts.add(ContractFactory(branch=branch_a, service="Office cleaning"))
    PlanRow.objects.create(campaign=cleaning, phase=1, objective="Map", deadline=datetime.date(2020, 1, 1))
    PlanRow.objects.create(campaign=cleaning, phase=1, objective="Meet", status="done")
    CampaignFactory(branch=branch_a2, name="Catering in-house", phase=1, status="planning")
    CampaignFactory(branch=branch_b, name="South porters", phase=1)
    return cleaning


def test_officer_sees_their_branch_campaigns_only(alice_client, campaigns):
    body = alice_client.get(URL).content.decode()
    assert "Bring cleaning back" in body and "Office cleaning" in body
    assert "Catering in-house" not in body and "South porters" not in body


def test_organiser_filters_by_branch_slug_as_the_branch_page_links(olive_client, campaigns, branch_a2):
    body = olive_client.get(f"{URL}?branch={branch_a2.slug}").content.decode()
    assert "Catering in-house" in body and "Bring cleaning back" not in body
    both = olive_client.get(URL).content.decode()
    assert "Catering in-house" in both and "Bring cleaning back" in both and "South porters" not in both


def test_filters_by_status_and_phase(olive_client, campaigns):
    body = olive_client.get(f"{URL}?status=active&phase=2").content.decode()
    assert "Bring cleaning back" in body and "Catering in-house" not in body


def test_xlsx_export_has_typed_cells(alice_client, campaigns):
    response = alice_client.get(f"{URL}?_export=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="campaigns.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Campaign",
        "Branch",
        "Target contracts",
        "Phase",
        "Status",
        "Open tasks",
        "Overdue tasks",
        "Started",
    ]
    name, branch, contracts, phase, status, open_rows, overdue, started = rows[1]
    assert (name, contracts, phase, status) == ("Bring cleaning back", "Office cleaning", "2 – Base building", "Active")
    assert (open_rows, overdue) == (1, 1)
    assert isinstance(started, datetime.datetime)  # a date cell


def test_csv_export_starts_with_a_bom_and_keeps_filters(olive_client, campaigns):
    response = olive_client.get(f"{URL}?status=planning&_export=csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Catering in-house"]


def test_list_refuses_post(alice_client):
    assert alice_client.post(URL).status_code == 405


def test_anonymous_is_sent_to_login(client):
    assert "/accounts/login/" in client.get(URL)["Location"]


@pytest.mark.parametrize("rows", [1, 500])
def test_query_count_is_the_same_for_1_and_500_campaigns_on_the_page_and_in_the_export(
    alice_client, branch_a, rows, django_assert_max_num_queries, count_queries
):
    contract = ContractFactory(branch=branch_a)
    made = Campaign.objects.bulk_create(Campaign(branch=branch_a, name=f"Campaign {i}") for i in range(rows))
    for campaign in made:
        campaign.target_contracts.add(contract)
    with django_assert_max_num_queries(7):
        assert alice_client.get(URL).status_code == 200
    assert count_queries(lambda: alice_client.get(URL)) == 7
    assert count_queries(lambda: alice_client.get(f"{URL}?_export=xlsx")) == 7

"""The organiser's region table: each branch's figures, totals, sorting, filtering and the XLSX export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contracts.tests.factories import ContractFactory
from insourcing.models import Region
from insourcing.tests.factories import BranchFactory, make_organiser
from overview.dashboards.region import region_tables
from surveys.services import survey_create, survey_open
from surveys.tests.factories import answer

from .factories import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def table(world, region_north):
    [table] = region_tables(Region.objects.filter(pk=region_north.pk), today=TODAY)
    return table


def _row(table, name):
    return next(r for r in table.rows if r.name == name)


def test_one_row_per_branch_of_the_region_and_none_of_another(table):
    assert [r.name for r in table.rows] == ["Demo City", "North County"]


def test_branch_figures(table):
    city = _row(table, "Demo City")
    assert (city.contracts, city.ending, city.unguarded) == (4, 2, 1)
    assert city.phase_counts() == [0, 1, 1, 0, 0]
    assert (city.totals.density, city.totals.target_density) == (Decimal("45.0"), Decimal("50.0"))
    assert (city.totals.activists, city.totals.target_activists) == (6, 10)
    assert (city.overdue_rows, city.overdue_foi) == (3, 2)  # the past-due draft counts, as on the plan
    assert (city.open_surveys, city.survey_responses, city.response_rate) == (1, 3, Decimal("3.0"))
    county = _row(table, "North County")
    assert (county.contracts, county.ending, county.unguarded, county.campaigns) == (1, 0, 0, 1)
    assert county.totals.density == Decimal("80.0") and county.totals.density_met
    assert county.trend[-5:] == [Decimal("80.0")] * 5 and county.trend[0] is None
    assert (county.open_surveys, county.response_rate) == (0, None)


def test_two_open_surveys_of_contracts_with_the_same_staff_count_as_two(world, region_north):
    """Grouped by branch and staff, they were one survey of 100 staff with both surveys' responses."""
    laundry = ContractFactory(branch=world.cleaning.branch, service="Laundry", staff_count=100)
    survey = survey_open(survey=survey_create(contract=laundry, user=world.survey.created_by))
    answer(survey, support="yes")
    [table] = region_tables(Region.objects.filter(pk=region_north.pk), today=TODAY)
    city = _row(table, "Demo City")
    assert (city.open_surveys, city.survey_responses, city.survey_staff) == (2, 4, 200)
    assert city.response_rate == Decimal("2.0")


def test_region_totals_weigh_density_by_staff(table):
    total = table.total
    assert (total.contracts, total.ending, total.unguarded, total.campaigns) == (5, 2, 1, 3)
    # (45 + 40) members of (100 + 50) staff; targets 50% of 100 staff and 60% of 50 staff.
    assert (total.totals.density, total.totals.target_density) == (Decimal("56.7"), Decimal("53.3"))
    assert (total.totals.activists, total.totals.target_activists) == (7, 15)
    assert (total.overdue_rows, total.overdue_foi, total.survey_responses) == (3, 2, 3)


def test_page_shows_every_branch_of_the_region_and_nothing_of_another(olive_client, world):
    body = olive_client.get(reverse("dashboard")).content.decode()
    assert "North region (2 branches)" in body
    assert "Demo City" in body and "North County" in body
    assert "South Town" not in body
    assert reverse("dashboard_branch", kwargs={"slug": "north-county"}) in body
    assert f"{reverse('contracts:contract_list')}?branch=" in body  # the apps' own drill-down links


def test_sorting_by_a_column_descending(olive_client, world):
    body = olive_client.get(reverse("dashboard") + "?sort=density&dir=desc").content.decode()
    assert body.index(">North County<") < body.index(">Demo City<")
    assert 'aria-sort="descending"' in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [("only=unguarded", "Demo City", "North County"), ("q=county", "North County", "Demo City")],
)
def test_filtering(olive_client, world, query, shown, hidden):
    body = olive_client.get(reverse("dashboard") + "?" + query).content.decode()
    assert f">{shown}<" in body and f">{hidden}<" not in body
    assert "Showing 1 of 2 branches." in body


def test_user_who_is_officer_and_organiser_sees_both(client, olive, branch_a, world):
    from insourcing.models import BranchOfficer

    BranchOfficer.objects.create(user=olive, branch=branch_a)
    client.force_login(olive)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Your plan rows" in body and "North region (2 branches)" in body


def test_xlsx_export_has_every_branch_and_the_totals_with_unknowns_as_empty_cells(olive_client, region_north, world):
    BranchFactory(region=region_north, name='=HYPERLINK("http://evil")', slug="evil")
    response = olive_client.get(reverse("region_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["North"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Branch", "Contracts", "Ending within 2 years", "Renewals with no campaign"]
    names = [r[0] for r in rows[1:]]
    assert names == ['=HYPERLINK("http://evil")', "Demo City", "North County", "Region total (all 3 branches)"]
    assert sheet["A2"].data_type == "s"  # text, never a formula
    city = rows[2]
    assert city[1:5] == [4, 2, 1, 2] and city[10:14] == [45.0, 50.0, 6, 10]
    assert rows[1][10] is None  # an unknown density is an empty cell, never 0 or "unknown"


def test_xlsx_export_of_an_officer_has_no_region(alice_client, world):
    sheet = load_workbook(io.BytesIO(alice_client.get(reverse("region_export")).content)).active
    assert sheet["A1"].value == "You are not a regional organiser of any region."


def test_export_refuses_post(olive_client):
    assert olive_client.post(reverse("region_export")).status_code == 405


def test_organiser_of_another_region_sees_none_of_north(client, region_south, world):
    organiser = make_organiser(region_south)
    client.force_login(organiser)
    body = client.get(reverse("dashboard")).content.decode()
    assert "South region (1 branch)" in body and "Demo City" not in body


def test_a_renamed_branch_shows_its_new_name_in_its_links(olive_client, world, branch_a, settings):
    # The links of each row are kept per process (insourcing/templatetags/links.py: branch_links).
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert (
        'Campaigns<span class="visually-hidden"> of Demo City</span>'
        in olive_client.get(reverse("dashboard")).content.decode()
    )
    branch_a.name = "Demo Metropolis"
    branch_a.save()
    body = olive_client.get(reverse("dashboard")).content.decode()
    assert 'Campaigns<span class="visually-hidden"> of Demo Metropolis</span>' in body
    assert " of Demo City</span>" not in body


def test_a_filtered_export_says_its_total_adds_up_every_branch(olive_client, region_north, world):
    """Walk-through: "Branch name contains: city" exported Demo City's row and a bare "Region total" that was not
    its sum; the page says "(all 2 branches)" and so must the spreadsheet."""
    response = olive_client.get(reverse("region_export"), {"q": "city"})
    sheet = load_workbook(io.BytesIO(response.content))["North"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["Demo City", "Region total (all 2 branches)"]
    page = olive_client.get(reverse("dashboard"), {"q": "city"}).content.decode()
    assert "Region total (all 2 branches)" in page

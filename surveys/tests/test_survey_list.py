"""The survey list on the shared list view: scope, filters, typed CSV/XLSX exports, bounded queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contracts.tests.factories import ContractFactory
from surveys.models import Survey
from surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db
URL = reverse("surveys:survey_list")


@pytest.fixture
def surveys(branch_a, branch_a2, branch_b, alice):
    ours = make_survey(branch_a, alice, service="Office cleaning")
    Survey.objects.filter(pk=ours.pk).update(title="Cleaners' survey", closes_on=datetime.date(2026, 9, 30))
    theirs = make_survey(branch_a2, service="School meals")
    Survey.objects.filter(pk=theirs.pk).update(title="Catering survey")
    south = make_survey(branch_b, service="Portering")
    Survey.objects.filter(pk=south.pk).update(title="South survey")
    return ours


def test_officer_sees_their_branch_surveys_only(alice_client, surveys):
    body = alice_client.get(URL).content.decode()
    assert "Cleaners&#x27; survey" in body and "Office cleaning" in body and "30 September 2026" in body
    assert "Catering survey" not in body and "South survey" not in body


def test_branch_link_filters_by_slug(olive_client, surveys, branch_a2):
    body = olive_client.get(f"{URL}?branch={branch_a2.slug}").content.decode()
    assert "Catering survey" in body and "Cleaners" not in body


def test_xlsx_export_has_typed_cells_and_no_markup(alice_client, surveys):
    response = alice_client.get(f"{URL}?_export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["Survey", "Contract", "Public authority", "Branch", "Status", "Closes", "Created"]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Survey"] == "Cleaners' survey" and row["Status"] == "Draft"
    assert row["Closes"] == datetime.datetime(2026, 9, 30)
    assert sheet["F2"].is_date


def test_csv_export_starts_with_a_bom(alice_client, surveys):
    response = alice_client.get(f"{URL}?_export=csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Survey"], r["Closes"]) for r in rows] == [("Cleaners' survey", "2026-09-30")]


def test_list_refuses_post(alice_client):
    assert alice_client.post(URL).status_code == 405


@pytest.mark.parametrize("rows", [1, 500])
def test_query_count_is_the_same_for_1_and_500_surveys(
    alice_client, branch_a, rows, django_assert_max_num_queries, count_queries
):
    contract = ContractFactory(branch=branch_a)
    Survey.objects.bulk_create(
        Survey(contract=contract, title=f"Survey {i}", intro="Hello", privacy_statement="Ours") for i in range(rows)
    )
    with django_assert_max_num_queries(6):
        assert alice_client.get(URL).status_code == 200
    assert count_queries(lambda: alice_client.get(URL)) == 6
    # The export has no navigation, so the roles query (insourcing.scoping.request_roles) is one more than before.
    assert count_queries(lambda: alice_client.get(f"{URL}?_export=xlsx")) == 6

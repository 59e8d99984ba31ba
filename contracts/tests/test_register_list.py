"""The register list: scope, filters, sorting, exports without formulas, and a bounded query count."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory

URL = reverse("contracts:contract_list")
TODAY = datetime.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0), tick=False):
        yield


@pytest.fixture
def register(branch_a, branch_b):
    council = PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    trust = PublicAuthorityFactory(branch=branch_a, name="Demo Hospitals Trust", kind="nhs-trust")
    contracts = {
        "cleaning": ContractFactory(
            branch=branch_a,
            authority=council,
            service="Office cleaning",
            provider=ProviderFactory(name="Spotless Services Ltd"),
            end_date=datetime.date(2026, 3, 31),
        ),
        "catering": ContractFactory(
            branch=branch_a,
            authority=council,
            service="School catering",
            description="Meals for 40 primary schools",
            provider=ProviderFactory(name="Dinners Direct plc"),
            end_date=datetime.date(2029, 8, 31),
        ),
        "portering": ContractFactory(
            branch=branch_a,
            authority=trust,
            service="Portering",
            provider=ProviderFactory(name="Spotless Health Ltd"),
            end_date=datetime.date(2025, 12, 31),
        ),
        "ended": ContractFactory(
            branch=branch_a, authority=council, service="Old security", end_date=datetime.date(2024, 1, 31)
        ),
        "other_branch": ContractFactory(branch=branch_b, service="South cleaning", end_date=datetime.date(2026, 1, 1)),
    }
    contracts["portering"].campaigns.create(branch=branch_a, name="Porters in-house")
    return contracts


def _services(response) -> set[str]:
    return {row.record.service for row in response.context["table"].page.object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Office cleaning", "School catering", "Portering", "Old security"}),
        ("provider=spotless", {"Office cleaning", "Portering"}),
        ("service=primary", {"School catering"}),
        ("service=CLEAN", {"Office cleaning"}),
        ("ending_within=12", {"Office cleaning", "Portering"}),
        ("ending_within=7", {"Portering"}),
        ("lead_in=no-campaign", {"Office cleaning"}),
        ("lead_in=campaign", {"Portering"}),
        ("lead_in=later", {"School catering"}),
        ("lead_in=ended", {"Old security"}),
        ("has_campaign=true", {"Portering"}),
        ("has_campaign=false", {"Office cleaning", "School catering", "Old security"}),
        ("provider=spotless&has_campaign=false", {"Office cleaning"}),
    ],
)
def test_filters_find_the_right_contracts_and_never_another_branch(alice_client, register, query, expected):
    response = alice_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert _services(response) == expected


def test_filter_by_authority(alice_client, register):
    trust = register["portering"].authority
    assert _services(alice_client.get(f"{URL}?authority={trust.pk}")) == {"Portering"}


def test_list_flags_lead_in_contracts_without_campaign_loudly(alice_client, register):
    body = alice_client.get(URL).content.decode()
    assert "1 contract ends within two years with no campaign." in body
    assert "Ends within 2 years – no campaign yet" in body


def test_sorting_by_service(alice_client, register):
    response = alice_client.get(f"{URL}?sort=service")
    names = [row.record.service for row in response.context["table"].page.object_list]
    assert names == sorted(names)


def test_organiser_reads_region_contracts_but_not_other_regions(olive_client, register):
    assert "South cleaning" not in _services(olive_client.get(URL))
    assert "Office cleaning" in _services(olive_client.get(URL))
    assert b"Add a contract" not in olive_client.get(URL).content


def test_user_without_a_role_sees_nothing(client, charlie, register):
    client.force_login(charlie)
    assert _services(client.get(URL)) == set()


def test_anonymous_is_sent_to_login(client):
    assert "/accounts/login/" in client.get(URL)["Location"]


def test_csv_export_neutralises_formulas_and_keeps_filters(alice_client, register):
    register["cleaning"].service = '=HYPERLINK("http://evil.example","click")'
    register["cleaning"].save()
    response = alice_client.get(f"{URL}?provider=spotless&_export=csv")
    assert response.content.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Contracted service"] for r in rows} == {'\'=HYPERLINK("http://evil.example","click")', "Portering"}
    portering = next(r for r in rows if r["Contracted service"] == "Portering")
    assert portering["End date"] == "2025-12-31"
    assert portering["Value a year (£)"] == "1250000.00"
    assert portering["Has a campaign"] == "Yes"
    assert portering["Lead-in (2 years)"] == "Ends within 2 years – campaign under way"


def test_xlsx_export_keeps_formula_looking_text_as_text_and_types_its_cells(alice_client, register):
    register["catering"].service = "=cmd|' /C calc'!A0"
    register["catering"].save()
    register["portering"].staff_count = None
    register["portering"].save()
    response = alice_client.get(f"{URL}?_export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    rows = {row[0].value: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    catering = rows["=cmd|' /C calc'!A0"]  # as written, no guard apostrophe...
    assert catering["Contracted service"].data_type == "s"  # ...because it is a text cell, never a formula
    portering = rows["Portering"]
    assert portering["End date"].value == datetime.datetime(2025, 12, 31)  # a date cell (openpyxl reads datetime)
    assert portering["Value a year (£)"].value == 1250000
    assert portering["Value a year (£)"].number_format == '"£"#,##0'
    assert portering["Value in total (£)"].value is None
    assert isinstance(portering["Months left"].value, int)
    assert portering["Staff"].value is None  # unknown is an empty cell, never the word "unknown"


def test_list_refuses_post(alice_client):
    assert alice_client.post(URL).status_code == 405


@pytest.mark.parametrize("rows", [5, 500])
def test_list_query_count_is_the_same_for_5_and_500_contracts(
    alice_client, branch_a, rows, django_assert_max_num_queries, count_queries
):
    authority = PublicAuthorityFactory(branch=branch_a)
    contracts = ContractFactory.create_batch(rows, branch=branch_a, authority=authority)
    for contract in contracts[::2]:
        contract.campaigns.create(branch=branch_a, name=f"Campaign {contract.pk}")
    url = f"{URL}?provider=contractor&ending_within=60"
    with django_assert_max_num_queries(8):
        response = alice_client.get(url)
    assert len(response.context["table"].page.object_list) == min(rows, 50)
    assert count_queries(lambda: alice_client.get(url)) == 8


@pytest.mark.parametrize("sort", ["", "?sort=end_date", "?sort=-end_date"])
def test_contracts_with_unknown_end_dates_come_last_whichever_way_end_dates_sort(alice_client, register, sort):
    # After an import, rows with no end date must not fill page 1 ahead of the contracts ending soon.
    ContractFactory(branch=register["cleaning"].branch, service="Day care", end_date=None)
    ends = [row.record.end_date for row in alice_client.get(URL + sort).context["table"].page.object_list]
    assert ends[-1] is None and None not in ends[:-1]
    known = ends[:-1]
    assert known == sorted(known, reverse=sort.startswith("?sort=-"))


def test_a_page_past_the_end_or_not_a_number_is_not_found(alice_client, branch_a):
    ContractFactory.create_batch(51, branch=branch_a)
    second = alice_client.get(f"{URL}?page=2")
    assert second.status_code == 200
    assert len(second.context["table"].page.object_list) == 1
    for page in ("3", "0", "last", "abc"):
        assert alice_client.get(f"{URL}?page={page}").status_code == 404, page
    assert alice_client.get(f"{URL}?page=").status_code == 200

"""Every real file in the repository's data/ imports: counts, dates and suppliers checked on named rows."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import Workbook

from contracts.imports import run_import
from contracts.models import Contract, FigureSource, Provider

DATA = Path(settings.BASE_DIR) / "data"
REGISTERS = DATA / "contract-registers"
OCDS = DATA / "ocds"
EVERY12TH = REGISTERS / "norfolk-county-council_contracts-register_2015-03_every12th.csv"
FIRST500 = REGISTERS / "norfolk-county-council_contracts-register_2015-03_first500.csv"
NORFOLK = "Norfolk County Council"

pytestmark = pytest.mark.django_db


def _import(path: Path, branch, **options):
    return run_import(data=path.read_bytes(), source_name=path.name, branch=branch, **options)


def test_norfolk_every12th_register_imports_every_row(branch_a):
    result = _import(EVERY12TH, branch_a, authority_name=NORFOLK, all_or_nothing=False)
    assert (result.summary()["rows"], result.errors, result.count("new")) == (478, 0, 478)
    assert Contract.objects.filter(branch=branch_a, authority__name=NORFOLK).count() == 478

    day_care = Contract.objects.select_related("provider").get(reference="BAN12005")
    assert day_care.service == "Contract for Day Care March 1995 (Incatern Limited)"
    assert (day_care.provider.name, day_care.provider.company_number) == ("INCATERN LIMITED", "02165763")
    assert (day_care.value, day_care.value_basis, day_care.end_date) == (Decimal("1567.00"), "total", None)

    bus = Contract.objects.select_related("provider").get(reference="AON33121")
    # "Last extension date" says when the last extension was taken, not how long the contract can run: not used.
    assert (bus.start_date, bus.end_date, bus.latest_end_date) == (
        datetime.date(2012, 9, 6),
        datetime.date(2017, 7, 31),
        None,
    )
    last_extension = next(c for c in result.columns if c["column"] == "Last extension date")
    assert last_extension["field"] == ""
    assert "Latest possible end date" in last_extension["how"]
    assert bus.provider.name == "AMBASSADOR TRAVEL (ANGLIA) LIMITED"
    assert bus.value == Decimal("258606.66")
    source = FigureSource.objects.get(contract=bus, field="end_date")
    assert (source.kind, source.detail, source.as_of) == ("register", EVERY12TH.name, datetime.date(2015, 3, 28))

    # 31/12/2050 is Norfolk's "no fixed end": unknown, with a warning on that line.
    fares = Contract.objects.get(reference="ALN42921")
    assert (fares.end_date, fares.latest_end_date) == (None, None)
    line = next(o for o in result.outcomes if o.reference == "ALN42921")
    assert any("31/12/2050 is a placeholder" in issue.reason for issue in line.issues)


def test_norfolk_register_names_its_authority_in_most_rows_and_reports_the_rest(branch_a):
    result = _import(EVERY12TH, branch_a, all_or_nothing=False)
    errors = [o for o in result.outcomes if o.outcome == "error"]
    assert len(errors) == 30  # the third section of the file leaves "Organisation name" blank
    assert errors[0].line == 450
    # The file's header, and the field it filled, as "Organisation name" alone does not say it is the buyer.
    assert errors[0].issues[0].column == "Organisation name (authority)"
    assert Contract.objects.filter(authority__name=NORFOLK).count() == 448


def test_norfolk_rows_without_a_reference_are_matched_by_title_supplier_and_start(branch_a):
    _import(EVERY12TH, branch_a, authority_name=NORFOLK)
    again = _import(EVERY12TH, branch_a, authority_name=NORFOLK)
    assert again.count("unchanged") == 478
    assert Contract.objects.filter(reference="").count() == 48
    assert Contract.objects.count() == 478


def test_norfolk_first500_register_imports_every_row_and_reports_negative_values(branch_a):
    result = _import(FIRST500, branch_a, all_or_nothing=False)
    assert (result.count("new"), result.errors, result.exit_code) == (500, 0, 0)
    negatives = [
        (o.line, o.reference, i.column, i.reason)
        for o in result.outcomes
        for i in o.issues
        if i.level == "warning" and "negative" in i.reason
    ]
    assert [n[:3] for n in negatives] == [(295, "BAN10057", "Contract value"), (440, "BAN10296", "Contract value")]
    assert negatives[0][3].startswith("-3,728.00 is negative, which in a register usually marks a credit")
    credit = Contract.objects.get(reference="BAN10057")
    assert credit.value is None
    assert "line 295, column “Contract value”, said “(3728)”" in credit.notes
    assert Contract.objects.filter(authority__name=NORFOLK).count() == 500
    day_care = Contract.objects.select_related("provider").get(reference="BAN12005")
    assert day_care.provider.company_number == "02165763"


def test_norfolk_register_as_xlsx_with_a_title_row_and_date_cells_imports_the_same(branch_a, branch_b):
    import csv

    with EVERY12TH.open(newline="") as handle:
        rows = list(csv.reader(handle))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Norfolk County Council contracts register"])
    for number, row in enumerate(rows):
        cells = list(row)
        if number and cells[17] == "31/07/2017":
            cells[17] = datetime.datetime(2017, 7, 31)  # a real date cell, as Excel users save them
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(data=buffer.getvalue(), source_name="norfolk.xlsx", branch=branch_b, authority_name=NORFOLK)
    assert (result.count("new"), result.errors) == (478, 0)
    assert Contract.objects.get(branch=branch_b, reference="AON33121").end_date == datetime.date(2017, 7, 31)


def test_contracts_finder_2020_award_packages_all_import(branch_a):
    files = sorted((OCDS / "contracts-finder-2020_award-release-packages").glob("*.json"))
    assert len(files) == 100
    for path in files:
        result = _import(path, branch_a)
        assert result.errors == 0, (path.name, result.report())
    assert Contract.objects.filter(branch=branch_a).count() == 100

    grounds = Contract.objects.select_related("provider", "authority").get(
        reference="ocds-b5fd17raw-65836f54-c8cd-4568-8d8b-656f49adce7f"
    )
    assert grounds.authority.name == "Lancashire County Council"
    assert (grounds.provider.name, grounds.provider.company_number) == ("SODEXO LIMITED", "00842846")
    assert (grounds.start_date, grounds.end_date) == (datetime.date(2020, 4, 1), datetime.date(2024, 3, 31))
    assert grounds.value == Decimal("248652.47")
    assert grounds.cpv_code == "77314000"
    assert "Other suppliers named in the award" in grounds.notes
    source = FigureSource.objects.get(contract=grounds, field="provider")
    assert source.kind == "contracts-finder"
    assert source.detail == "ocds-b5fd17raw-65836f54-c8cd-4568-8d8b-656f49adce7f"  # the file is named after it
    assert source.as_of == datetime.date(2020, 5, 18)

    # HTML entities decoded; placeholder values (0.1) left unknown.
    assert Contract.objects.filter(authority__name="Telford & Wrekin Council").count() == 2
    placeholder = Contract.objects.get(reference="ocds-b5fd17raw-cb929cce-d54f-4789-b8bf-30cd2ab51f32")
    assert placeholder.value is None
    # Contact points name people: none of them is stored.
    assert not Contract.objects.filter(notes__icontains="gary.lee").exists()


def test_contracts_finder_2014_15_tenders_import_open_ones_and_report_the_rest(branch_a):
    files = sorted((OCDS / "contracts-finder-2014-15_release-packages").glob("*.json"))
    outcomes = [o.outcome for path in files for o in _import(path, branch_a).outcomes]
    assert len(files) == 200
    assert outcomes.count("skipped") == 193  # 191 unsuccessful and 2 cancelled tenders
    assert outcomes.count("new") == 7
    kent = Contract.objects.get(reference="ocds-b5fd17-2d1828dd-adc8-11e6-9901-0019b9f3037b")
    assert kent.service == "Select List of Approved Contractors"
    assert kent.provider is None


def test_harvester_award_export_imports(branch_a):
    result = _import(OCDS / "contracts-finder-harvester-csv" / "cf-harvester-export-2020-07-01_awards.csv", branch_a)
    assert (result.file_format, result.count("new"), result.exit_code) == ("harvester", 10, 0)
    pixel = Contract.objects.select_related("provider", "authority").get(
        reference="ocds-b5fd17-1270ee0c-bfb1-471a-b260-c3c2274112ea"
    )
    assert pixel.provider.name == "Pixel Global T/A Pixel Group Ltd"
    assert pixel.authority.name == "Department for Work and Pensions"
    assert pixel.value == Decimal("231265.00")
    assert FigureSource.objects.get(contract=pixel, field="value").detail == (
        "ocds-b5fd17-1270ee0c-bfb1-471a-b260-c3c2274112ea in cf-harvester-export-2020-07-01_awards.csv"
    )
    assert Contract.objects.filter(authority__name="DEPARTMENT OF HEALTH AND SOCIAL CARE").count() == 8


def test_harvester_all_notices_export_imports_and_reports_the_planning_notice(branch_a):
    result = _import(
        OCDS / "contracts-finder-harvester-csv" / "cf-harvester-export-2020-08-05_all-notices.csv", branch_a
    )
    assert (result.count("new"), result.count("skipped"), result.errors) == (28, 1, 0)
    assert result.exit_code == 1
    reed = Contract.objects.select_related("provider").get(provider__name="REED SPECIALIST RECRUITMENT LIMITED")
    assert reed.provider.company_number == "06903140"
    assert reed.end_date == datetime.date(2021, 5, 31)
    assert Provider.objects.get(company_number="OC392464").name == "OXERA CONSULTING LLP"


def test_ocds_fictional_example_releases_and_records_build_one_contract(branch_a):
    folder = OCDS / "ocds-fictional-example-1.1"
    for path in [*sorted(folder.glob("*.json")), *sorted((folder / "record").glob("*.json"))]:
        assert _import(path, branch_a).errors == 0, path.name
    contract = Contract.objects.select_related("provider", "authority").get()
    assert contract.reference == "ocds-213czf-000-00001"
    assert contract.authority.name == "London Borough of Barnet"
    assert (contract.provider.name, contract.provider.company_number) == ("AnyCorp Cycle Provision", "11111111")
    assert (contract.end_date, contract.latest_end_date) == (datetime.date(2011, 6, 30), datetime.date(2011, 12, 31))
    assert contract.value == Decimal("11000000.00")

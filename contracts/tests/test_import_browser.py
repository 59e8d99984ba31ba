"""An officer imports a register with unfamiliar headers in Chromium: upload, adjust the mapping, dry run,
apply; axe-core finds nothing on any step."""

import pytest

from conftest import assert_accessible, browser_login
from contracts.models import Contract, ImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTER = (
    "contract_number,title_of_agreement,Contractor,annual_contract_value,validity_start,validity_end,Contact email\n"
    'CN-001,Office cleaning,Brightwork Facilities Ltd,"£1,234.56",01/04/2024,31/03/2029,jo@council.example\n'
    "CN-002,School catering,Crumbs Catering Ltd,£250000,01-Apr-2023,not a date,sam@council.example\n"
).encode("cp1252")


def test_officer_imports_a_register_with_odd_headers_and_applies_the_good_rows(page, alice, branch_a):
    browser_login(page, "alice@example.org")
    page.goto(f"/branches/{branch_a.slug}/imports/")
    assert_accessible(page)
    page.get_by_role("link", name="Import a file").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Contract register or Contracts Finder file").set_input_files(
        {"name": "democity-register.csv", "mimeType": "text/csv", "buffer": REGISTER}
    )
    page.get_by_label("Or a new authority").fill("Demo City Council")
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Match the columns of democity-register.csv").is_visible()
    assert page.get_by_label("Contractor").input_value() == "provider_name"
    assert page.get_by_label("Contact email").input_value() == ""
    assert_accessible(page)
    page.get_by_label("annual_contract_value").select_option("total_value")
    page.get_by_role("button", name="Dry run").click()
    page.wait_for_load_state()

    assert page.locator("#import-status").inner_text() == "Dry run done"
    assert "1 with errors" in page.locator("#import-summary").inner_text()
    assert "is not a date we recognise" in page.locator("#import-rows").inner_text()
    assert not Contract.objects.exists()
    assert_accessible(page)
    page.get_by_label("Apply the good rows and leave out the rows with errors").check()
    page.get_by_role("button", name="Apply to the register").click()
    page.wait_for_load_state()

    assert page.locator("#import-status").inner_text() == "Applied"
    assert (
        "Applied: 1 new contract, 0 updated, 0 unchanged; 1 row with errors left out."
        in page.get_by_role("status").inner_text()
    )
    assert_accessible(page)
    contract = Contract.objects.select_related("provider", "authority").get()
    assert (contract.reference, contract.provider.name, contract.authority.name) == (
        "CN-001",
        "Brightwork Facilities Ltd",
        "Demo City Council",
    )
    assert (str(contract.value), contract.value_basis) == ("1234.56", "total")
    assert ImportJob.objects.get().uploaded_by == alice

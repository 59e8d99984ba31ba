"""An officer imports a register whose headers the app has never seen: every column is accounted for, the
ambiguous one is left for them to choose, and axe-core finds nothing on the pages."""

import uuid

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from conftest import assert_accessible, browser_login
from contracts.imports.jobs import import_job_run
from contracts.models import Contract, ImportJob, PublicAuthority

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = [
    "Title of Contract",
    "Contract No.",
    "Vendor",
    "Company No.",
    "Contract amount",
    "Commencement",
    "Expiry",
    "Last extension date",
    "Extension Option",
    "Comments",
]
REGISTER = (
    ",".join(HEADERS) + "\n"
    "Office cleaning,CN-001,Brightwork Facilities Ltd,01234567,£120000,01/04/2024,31/03/2027,,Yes - 2 x 12 months,ok\n"
    "School catering,CN-002,Crumbs Catering Ltd,,-5000,01/04/2023,soon,31/03/2026,+1+1,credit\n"
).encode()


def test_officer_sees_every_column_of_an_unfamiliar_register_accounted_for(page, celery_worker, alice, branch_a):
    browser_login(page, "alice@example.org")
    page.goto(f"/branches/{branch_a.slug}/imports/new/")
    page.get_by_label("Contract registers or Contracts Finder files").set_input_files(
        {"name": "unfamiliar.csv", "mimeType": "text/csv", "buffer": REGISTER}
    )
    page.get_by_label("Or a new authority").fill("Demo City Council")
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url("**/mapping/", timeout=30_000)  # once the worker has read the file

    # Matched by meaning; the ambiguous column is not guessed, and the page says what it could be.
    assert page.get_by_label("Title of Contract").input_value() == "service"
    assert page.get_by_label("Company No.").input_value() == "company_number"
    assert page.get_by_label("Extension Option").input_value() == "extension_terms"
    assert page.get_by_label("Expiry").input_value() == "end_date"
    assert page.get_by_label("Last extension date").input_value() == ""
    assert "Could be “Latest possible end date”: we did not guess" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Dry run").click()
    page.locator("#import-summary").wait_for(timeout=30_000)  # once the worker has done the dry run

    columns = page.locator("#import-columns tbody tr")
    assert columns.count() == len(HEADERS)
    assert [columns.nth(i).locator("th").inner_text() for i in range(len(HEADERS))] == HEADERS
    assert "Supplier company number" in columns.nth(3).inner_text()
    assert "not used" in columns.nth(7).inner_text()
    assert "it could be “Latest possible end date”, so we did not guess" in columns.nth(7).inner_text()
    assert "its name matches no contract field" in columns.nth(9).inner_text()
    assert page.locator("#import-missing").count() == 0
    # Both rows import: the bad end date and the credit are warnings, not errors.
    summary = page.locator("#import-summary").inner_text()
    assert "2 new" in summary and "0 with errors" in summary
    rows = page.locator("#import-rows").inner_text()
    # The file's header first, then the field it filled, as "Expiry" alone does not say which date it is.
    assert "column Expiry (end date): “soon” is not a date we recognise" in rows
    assert "-5,000.00 is negative" in rows
    assert_accessible(page)

    page.get_by_role("button", name="Apply to the register").click()
    expect(page.locator("#import-status")).to_have_text("Applied", timeout=30_000)
    catering = Contract.objects.get(reference="CN-002")
    assert (catering.end_date, catering.value, catering.latest_end_date) == (None, None, None)
    assert "said “soon”" in catering.notes


def test_a_register_without_end_date_supplier_or_value_says_so_at_the_top(page, celery_worker, alice, branch_a):
    browser_login(page, "alice@example.org")
    page.goto(f"/branches/{branch_a.slug}/imports/new/")
    page.get_by_label("Contract registers or Contracts Finder files").set_input_files(
        {"name": "thin.csv", "mimeType": "text/csv", "buffer": b"Ref,Title\nR1,Cleaning\n"}
    )
    page.get_by_label("Or a new authority").fill("Demo City Council")
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url("**/mapping/", timeout=30_000)  # once the worker has read the file
    page.get_by_role("button", name="Dry run").click()
    page.locator("#import-summary").wait_for(timeout=30_000)  # once the worker has done the dry run
    missing = page.locator("#import-missing").inner_text()
    assert "No column was found for the end date" in missing
    assert "No column was found for the supplier" in missing
    assert "No column was found for the contract value" in missing
    assert_accessible(page)


def test_at_phone_width_the_select_and_the_problems_get_the_whole_width(page, celery_worker, alice, branch_a):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "alice@example.org")
    page.goto(f"/branches/{branch_a.slug}/imports/new/")
    page.get_by_label("Contract registers or Contracts Finder files").set_input_files(
        {"name": "unfamiliar.csv", "mimeType": "text/csv", "buffer": REGISTER}
    )
    page.get_by_label("Or a new authority").fill("Demo City Council")
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url("**/mapping/", timeout=30_000)  # once the worker has read the file
    assert page.get_by_label("Expiry").bounding_box()["width"] >= 300
    assert_accessible(page)
    page.get_by_role("button", name="Dry run").click()
    page.locator("#import-summary").wait_for(timeout=30_000)  # once the worker has done the dry run
    problems = page.locator("#import-rows .import-problems").filter(has_text="is not a date we recognise")
    assert problems.bounding_box()["width"] >= 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    assert_accessible(page)


def test_a_failed_progress_check_does_not_freeze_the_page(page, alice, branch_a):
    """A restart or a dropped connection while the worker reads the file: the page asks again and moves on.

    The file is read here, only after the first check has failed, so the order of events is the one under test
    whatever the speed of the machine (a worker can finish before the browser arrives)."""
    failed = []

    def fail_the_first_check(route):
        if route.request.headers.get("hx-request") and not failed:
            failed.append(route.request.url)
            route.fulfill(status=502, body="Bad gateway")
        else:
            route.continue_()

    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = ImportJob(
        branch=branch_a,
        uploaded_by=alice,
        authority=authority,
        original_name="unfamiliar.csv",
        size=len(REGISTER),
        batch=uuid.uuid4(),
    )
    job.file.save("unfamiliar.csv", ContentFile(REGISTER), save=False)
    job.save()
    browser_login(page, "alice@example.org")
    page.route("**/imports/*/", fail_the_first_check)
    page.goto(job.get_absolute_url())
    expect(page.locator("#import-progress")).to_be_visible()
    for _ in range(150):  # Playwright answers routes only while the test waits inside it, hence its own clock
        if failed:
            break
        page.wait_for_timeout(200)
    assert failed, "the page never checked its progress"
    import_job_run(job.pk)  # what the worker does, once the page has lost one answer
    page.wait_for_url("**/mapping/", timeout=30_000)
    assert len(failed) == 1

"""An officer goes from the comparison list to a downloaded report, with axe-core on every page."""

import re
from io import BytesIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from conftest import assert_accessible, browser_login
from contracts.tests.factories import PayPointFactory, make_comparison

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_officer_fills_in_a_comparison_and_downloads_the_report(page, celery_worker, alice, branch_a):
    call_command("load_reference_rates", stdout=open("/dev/null", "w"))  # noqa: SIM115  (flushed by transaction=True)
    comparison = make_comparison(branch_a, two_tier=True, transferred_staff=40, new_starter_staff=80)
    PayPointFactory(branch=branch_a, point="SCP 3")
    browser_login(page, alice.email)

    page.goto("/comparisons/")
    assert_accessible(page)
    page.get_by_role("link", name="Cleaners").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Terms and conditions: Cleaners").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit comparison").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Hourly rate (£) (Contractor staff taken on since the transfer (new starters))").fill("11.90")
    page.get_by_label("Comparable pay point").select_option(label="NJC (local government) – SCP 3")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("£12.60 − £11.90 = £0.70 an hour").first.is_visible()

    page.get_by_role("button", name="Report (PDF)").click()
    page.wait_for_load_state()
    assert_accessible(page)
    link = page.get_by_role("link", name=re.compile("Download Terms and conditions comparison"))
    link.wait_for(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages)
    assert "£0.70" in text

    page.goto(f"/comparisons/{comparison.pk}/leaflet/")
    assert page.get_by_role("heading", name="What you would gain in-house").is_visible()
    assert_accessible(page)
    page.goto("/comparisons/rates/")
    assert_accessible(page)
    page.goto("/comparisons/pay-points/import/")
    assert_accessible(page)
    page.goto(f"/contracts/{comparison.contract.pk}/comparisons/new/")
    assert_accessible(page)
    page.goto(f"/branches/{branch_a.slug}/comparison-wording/")
    assert_accessible(page)

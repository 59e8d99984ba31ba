"""An officer's FoI journey in headless Chromium, with axe-core (WCAG 2.2 AA) and CSP checks on every page.

The contract page belongs to the register feature, which is not on this branch yet, so the journey starts
from the FoI list and picks the contract there (the contract page's section is tested in test_foi_views).
"""

import re

import pytest

from conftest import assert_accessible, browser_login
from contracts.models import FoIRequest
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory, make_motion
from insourcing.models import GeneratedDocument

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_officer_drafts_sends_and_downloads_a_request(page, celery_worker, alice, branch_a):
    contract = ContractFactory(branch=branch_a, service="Office and school cleaning")
    browser_login(page, "alice@example.org")

    page.goto("/foi/")
    assert_accessible(page)
    page.get_by_role("link", name="New FoI request").click()
    page.wait_for_load_state()
    assert_accessible(page)
    ContractFactory(branch=branch_a, authority=contract.authority, service="School catering")
    elsewhere = PublicAuthorityFactory(branch=branch_a, name="Elsewhere Council")
    ContractFactory(branch=branch_a, authority=elsewhere, service="Elsewhere cleaning")  # never offered here
    page.get_by_label("Public authority").select_option(label="Demo City Council")
    # htmx lists the authority's contracts as soon as it is chosen, and narrows them as the officer types.
    page.get_by_label(re.compile("^School catering")).wait_for()
    assert page.locator("[name=contracts]").count() == 2
    page.get_by_label("Find", exact=True).press_sequentially("clean")
    page.get_by_label(re.compile("^School catering")).wait_for(state="detached")
    assert page.locator("[name=contracts]").count() == 1
    assert_accessible(page)
    page.get_by_label(re.compile(f"^{contract.service}")).check()
    page.get_by_role("button", name="Make the draft").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name=re.compile("Edit the letter")).is_visible()
    assert_accessible(page)
    asks = page.get_by_label("Information requested")
    asks.fill(asks.input_value() + "\nThe hourly rate of pay of cleaning staff.")
    page.get_by_role("button", name="Save the letter").click()
    page.wait_for_load_state()

    assert page.get_by_text("Letter saved.").is_visible()
    assert page.get_by_text("The hourly rate of pay of cleaning staff.").is_visible()
    assert_accessible(page)
    page.get_by_label("Emailed from Insourcing").check()
    page.get_by_role("button", name="Send or record as sent").click()
    page.wait_for_load_state()

    assert page.get_by_text("Sent to foi@council.example.gov.uk").is_visible()
    assert page.get_by_text("Working days left").is_visible()
    assert_accessible(page)
    foi = FoIRequest.objects.get()
    assert (foi.status, list(foi.contracts.all())) == (FoIRequest.Status.SENT, [contract])

    page.get_by_role("button", name="Letter as PDF").click()
    page.wait_for_load_state()
    download_link = page.get_by_role("link", name=re.compile("Download .* \\(PDF\\)"))
    download_link.wait_for(timeout=60_000)
    assert_accessible(page)
    document = GeneratedDocument.objects.get(kind="foi_letter")
    assert document.status == "ready"
    response = page.request.get(download_link.get_attribute("href"))
    assert response.body().startswith(b"%PDF")

    page.goto(f"/foi/{foi.pk}/print/")
    assert page.get_by_text("The hourly rate of pay of cleaning staff.").is_visible()
    assert_accessible(page)
    page.goto(f"/foi/{foi.pk}/reply/")
    assert_accessible(page)
    page.goto(f"/foi/{foi.pk}/internal-review/")
    assert_accessible(page)


def test_foi_tool_pages_are_accessible(page, alice, branch_a):
    motion = make_motion(branch_a, alice)
    browser_login(page, "alice@example.org")
    page.goto("/foi/deadline/?received=2026-11-16&nation=england")
    assert page.get_by_role("heading", name="Reply due by Tuesday 15 December 2026").is_visible()
    assert_accessible(page)
    page.goto("/foi/letters/")
    assert_accessible(page)
    page.goto(f"/foi/letters/{branch_a.slug}/request/")
    assert_accessible(page)
    page.goto("/foi/motions/")
    assert_accessible(page)
    page.goto(f"/foi/motions/{motion.pk}/")
    assert_accessible(page)

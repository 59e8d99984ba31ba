"""An officer starts a campaign from a contract, accepts the guide's steps, edits one inline, downloads the PDF."""

import datetime
import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from campaigns.models import Campaign, PlanRow
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _contract_page_or_start_form(contract) -> str:
    """The contract page carries the campaigns section once the register is merged; until then, its button's link."""
    try:
        return reverse("contracts:contract_detail", kwargs={"pk": contract.pk})
    except NoReverseMatch:
        return reverse("campaigns:campaign_create") + f"?contract={contract.pk}"


def test_officer_plans_a_campaign_from_a_contract(page, celery_worker, alice, branch_a):
    contract = ContractFactory(
        branch=branch_a, service="Office and school cleaning", end_date=datetime.date(2028, 3, 31)
    )
    browser_login(page, "alice@example.org")

    page.goto(_contract_page_or_start_form(contract))
    start = page.get_by_role("link", name="Start a campaign for this contract")
    if start.count():
        assert_accessible(page)
        start.click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Start a campaign").is_visible()
    assert page.get_by_label("Name").input_value() == "Bring Office and school cleaning back in-house"
    assert_accessible(page)
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state()

    campaign = Campaign.objects.get()
    assert page.url.endswith(campaign.get_absolute_url())
    assert page.get_by_text("offered as drafts").first.is_visible()
    assert_accessible(page)

    # Accept one draft inline, then the rest at once.
    first = PlanRow.objects.filter(campaign=campaign).order_by("phase", "position").first()
    drafts = PlanRow.objects.filter(campaign=campaign, is_draft=True).count()
    page.locator(f"#row-{first.pk}").get_by_role("button", name=re.compile("^Accept")).click()
    page.locator(f"#row-{first.pk} .badge", has_text="Draft").wait_for(state="detached")
    first.refresh_from_db()
    assert not first.is_draft
    # The drafts line was sent again with the accepted row (its count): its button is the new one's.
    expect(page.locator("#drafts-banner")).to_contain_text(f"{drafts - 1} steps from the guide are offered")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept all drafts").click()
    assert not PlanRow.objects.filter(campaign=campaign, is_draft=True).exists()
    assert_accessible(page)

    # Edit one row inline: the page does not reload.
    plan_url = page.url
    row = PlanRow.objects.get(campaign=campaign, objective="Select a winnable target")
    page.locator(f"#row-{row.pk}").get_by_role("link", name=re.compile("^Edit")).click()
    form = page.locator(f"#row-{row.pk} form")
    form.get_by_label("Objective").fill("Select the cleaning contract as our target")
    form.get_by_label("Status").select_option("doing")
    assert_accessible(page)
    form.get_by_role("button", name="Save row").click()
    page.locator(f"#row-{row.pk}", has_text="Select the cleaning contract as our target").locator("a").first.wait_for()
    assert page.url == plan_url
    row.refresh_from_db()
    assert (row.objective, row.status) == ("Select the cleaning contract as our target", "doing")
    assert_accessible(page)

    # The plan as a PDF, rendered by the worker.
    page.get_by_role("button", name="Plan as PDF").click()
    page.wait_for_load_state()
    download_link = page.get_by_role("link", name=re.compile("^Download"))
    download_link.wait_for(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename.endswith(".pdf")

"""An officer fills one cell of the workforce grid and of the allies grid, and works through each organising
page in headless Chromium; axe-core finds no WCAG 2.2 AA violations and the CSP is never broken."""

import pytest

from campaigns.models import Ally, BusinessCase, KeyArgument, PowerMapPerson, WorkforceAction
from campaigns.tests.factories import make_campaign
from conftest import assert_accessible, browser_login
from insourcing.tests.factories import PASSWORD, BranchFactory, RegionFactory, make_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page, name="Save"):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_officer_fills_the_organising_tools(page):
    branch = BranchFactory(region=RegionFactory(name="East", slug="east"), name="Demo City", slug="demo-city")
    make_officer(branch, email="officer@example.org")
    campaign = make_campaign(branch)
    browser_login(page, "officer@example.org", PASSWORD)

    page.goto(f"/campaigns/{campaign.pk}/workforce/")
    assert_accessible(page)
    page.get_by_role("link", name="Add action – Recruitment, Non-union members").click()
    page.get_by_label("Action").fill("Recruitment stall at the depot")
    page.get_by_label("Due").fill("2027-01-31")
    page.get_by_label("Progress").select_option("in-progress")
    assert_accessible(page)
    _save(page)
    cell = page.locator("#cell-recruitment-non-members")
    assert "Recruitment stall at the depot" in cell.inner_text()
    assert "In progress" in cell.inner_text()
    assert WorkforceAction.objects.get().audience == "non-members"
    assert_accessible(page)

    page.get_by_role("link", name="Activity plans").click()
    page.locator("#plan-recruitment ~ details summary").click()
    page.get_by_role("button", name="Add – Holding a series of recruitment events").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Add action – Holding a series of recruitment events").click()
    page.get_by_label("Action").fill("Breakfast event in the depot canteen")
    _save(page)
    assert "Breakfast event in the depot canteen" in page.locator(".activity-plan").first.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Key arguments").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit arguments and evidence").click()
    page.locator("#id_arguments-2-evidence").fill("£3.1m operating profit last year")
    assert_accessible(page)
    _save(page, "Save arguments")
    assert KeyArgument.objects.get().guide_key == "private-profits"
    assert_accessible(page)

    page.get_by_role("link", name="Allies").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a group – Community groups").click()
    page.get_by_label("Specific group").fill("Trades union council")
    page.get_by_label("What we want from them").fill("Speak at the rally")
    _save(page)
    page.get_by_role("link", name="Add action – Trades union council").click()
    page.get_by_label("Action").fill("Motion at the monthly meeting")
    _save(page)
    assert "Motion at the monthly meeting" in page.locator(".allies-grid").inner_text()
    assert Ally.objects.get().actions.count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Power map").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a decision maker or influencer").click()
    page.get_by_label("Name").fill("Cllr Alex Morgan")
    page.get_by_label("Role").fill("Leader of the council")
    page.get_by_label("Influence over the decision (1 to 5)").select_option("5")
    page.get_by_label("Stance").select_option("1")
    assert_accessible(page)
    _save(page)
    assert PowerMapPerson.objects.get().influence == 5
    assert page.get_by_role("img", name=f"Power map: {campaign.name}").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a meeting or election").click()
    page.get_by_label("Kind").select_option("cabinet")
    page.get_by_label("Title").fill("Cabinet: future of cleaning")
    page.get_by_label("Date").fill("2027-03-10")
    page.get_by_label("The contract's fate is decided here").check()
    _save(page)
    assert "Decides the contract: Cabinet: future of cleaning" in page.locator(".decision-calendar").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Business case").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit business case").click()
    page.get_by_label("Benefits").fill("Cleaners on NJC terms")
    assert_accessible(page)
    _save(page)
    assert BusinessCase.objects.get().benefits == "Cleaners on NJC terms"
    assert_accessible(page)

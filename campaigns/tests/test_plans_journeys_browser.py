"""Campaign journeys as a person walks them in Chromium (issue 15): starting a campaign from each entry point,
the workforce grid's colours, and the campaign pages on a phone (390 px) and a laptop (1280 px)."""

import datetime

import pytest

from campaigns.models import Campaign
from campaigns.plans import services
from campaigns.tests.factories import TeamMemberFactory, make_action
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory
from insourcing.models import BranchOfficer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGE_WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _start_from(page, link_name):
    page.get_by_role("link", name=link_name).first.click()
    page.wait_for_load_state()
    page.get_by_label("Name").fill("Bring cleaning back in-house")
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state()


def test_an_officer_of_one_branch_starts_a_campaign_from_the_list_and_the_branch_page(page, alice, branch_a):
    browser_login(page, "alice@example.org")
    page.goto("/campaigns/")
    _start_from(page, "Start a campaign")
    assert page.get_by_text("Campaign started.").is_visible(), page.content()
    assert Campaign.objects.get().branch == branch_a

    page.goto(branch_a.get_absolute_url())
    _start_from(page, "Start a campaign")
    assert Campaign.objects.count() == 2


def test_an_officer_of_two_branches_chooses_the_branch(page, alice, branch_a, branch_a2):
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    browser_login(page, "alice@example.org")
    page.goto("/campaigns/")
    page.get_by_role("link", name="Start a campaign").click()
    page.get_by_label("Branch").select_option(label="North County")
    page.get_by_label("Name").fill("Bring cleaning back in-house")
    assert_accessible(page)
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state()
    assert Campaign.objects.get().branch == branch_a2

    # From a branch page, that branch is already chosen.
    page.goto(branch_a.get_absolute_url())
    page.get_by_role("link", name="Start a campaign").click()
    assert page.get_by_label("Branch").locator("option:checked").inner_text() == "Demo City"


def test_workforce_grid_cells_show_their_state_colour(page, alice, branch_a):
    action = make_action(branch_a, progress="in-progress")
    make_action(branch_a, campaign=action.campaign, category="activists", audience="members", progress="done")
    browser_login(page, "alice@example.org")
    page.goto(f"/campaigns/{action.campaign_id}/workforce/")

    def colour(selector):
        return page.locator(selector).evaluate("el => getComputedStyle(el).backgroundColor")

    assert colour("#cell-recruitment-non-members") == "rgb(255, 241, 194)"  # in progress, as the key shows
    assert colour("#cell-activists-members") == "rgb(216, 240, 220)"  # done
    assert colour(".grid-key .grid-cell-in-progress") == colour("#cell-recruitment-non-members")


@pytest.fixture
def busy_campaign(alice, branch_a):
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2028, 3, 31))
    campaign = services.campaign_start(
        branch=branch_a,
        user=alice,
        name="Bring Office and school cleaning back in-house",
        contracts=[contract],
        started_on=datetime.date(2026, 4, 1),
    )
    for n in range(6):
        TeamMemberFactory(
            campaign=campaign, name=f"Sam Supervisor-Longname {n}", email=f"sam.longname.{n}@council.example.org"
        )
    make_action(branch_a, campaign=campaign)
    return campaign


def test_campaign_pages_fit_a_phone(page, alice, busy_campaign):
    browser_login(page, "alice@example.org")
    page.set_viewport_size(PHONE)
    base = busy_campaign.get_absolute_url()
    for path in ["", "team/", "membership/", "review/", "workforce/", "activities/", "arguments/", "allies/"]:
        page.goto(base + path)
        width, viewport = page.evaluate(PAGE_WIDTH_JS)
        assert width <= viewport, f"{base + path} is {width}px wide on a {viewport}px phone"

    # The tabs are one row that scrolls, not five lines.
    page.goto(base)
    tops = page.locator(".campaign-tabs .nav-item").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, tops

    # Each plan row keeps its deadline, status and actions on screen.
    row = page.locator("tr[id^=row-]").first
    for cell in ["td:nth-child(4)", "td:nth-child(5)", "td:nth-child(6) > *"]:  # Deadline, Status, the actions
        box = row.locator(cell).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (cell, box)
    assert_accessible(page)


@pytest.mark.parametrize("who", ["alice", "olive"])
def test_the_top_navigation_is_one_line_at_1280px(page, who, alice, olive, busy_campaign):
    browser_login(page, f"{who}@example.org")
    page.goto(busy_campaign.get_absolute_url())
    tops = page.locator("#nav-main > .navbar-nav > .nav-item").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))"
    )
    assert max(tops) - min(tops) <= 4, tops
    assert page.locator("nav.navbar").bounding_box()["height"] < 70
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    # The account menu still offers the way out.
    page.locator("#nav-main .dropdown-toggle").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url

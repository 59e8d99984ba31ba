"""Officer and organiser dashboards in Chromium, axe-core on each page."""

import pytest

from conftest import assert_accessible, browser_login

from .factories import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(alice, branch_a, branch_a2, branch_b, bob, olive):
    return build_world(alice=alice, branch_a=branch_a, branch_a2=branch_a2, branch_b=branch_b, bob=bob)


def test_officer_reads_their_week_and_makes_then_revokes_an_api_token(page, world):
    browser_login(page, "alice@example.org")
    assert page.url.endswith("/dashboard/")
    assert page.get_by_role("heading", name="Your plan rows").is_visible()
    assert page.get_by_role("img", name="Membership density: from 30% to 45%; target 50%.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What will use this token?").fill("Regional spreadsheet")
    page.get_by_role("button", name="Make token").click()
    assert page.get_by_role("heading", name="Your new token").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke Regional spreadsheet").click()
    assert page.get_by_text("Token “Regional spreadsheet” revoked").is_visible()
    assert_accessible(page)


def test_organiser_sorts_filters_and_drills_into_a_branch(page, world):
    browser_login(page, "olive@example.org")
    assert page.get_by_role("heading", name="North region (2 branches)").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Overdue plan rows").click()
    assert page.get_by_role("columnheader", name="Overdue plan rows").get_attribute("aria-sort") == "ascending"
    page.get_by_label("Show", exact=True).select_option("unguarded")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("Showing 1 of 2 branches.").is_visible()
    assert_accessible(page)
    # At phone width the sentence reads whole: it sat in the table's sideways scroll box, cut off at the edge.
    page.set_viewport_size({"width": 390, "height": 844})
    about = page.get_by_text("Showing 1 of 2 branches.")
    box = about.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert about.evaluate("e => !e.closest('.table-responsive') && e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("row").get_by_role("link", name="Demo City").first.click()
    assert page.get_by_role("heading", name="Plan rows").is_visible()
    assert page.get_by_text("Read only.").is_visible()
    assert_accessible(page)
    page.goto("/api/docs/")
    assert page.get_by_role("heading", name="GET /api/contracts/").is_visible()
    assert_accessible(page)

"""Issue 15 layout leftovers, measured in Chromium at 1280 px and 390 px: the plan table's text columns, the
campaign tabs, the plan-steps settings page."""

import datetime

import pytest

from campaigns.plans import services
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def drafts_campaign(alice, branch_a):
    """A new campaign: the guide's 25 steps offered as draft rows, each with Accept, Drop, Edit, up and down."""
    contract = ContractFactory(branch=branch_a, end_date=datetime.date(2028, 3, 31))
    campaign = services.campaign_start(
        branch=branch_a, user=alice, name="Cleaning", contracts=[contract], started_on=datetime.date(2026, 4, 1)
    )
    assert campaign.plan_rows.filter(is_draft=True).count() >= 25
    return campaign


def _column_widths(page) -> dict[str, float]:
    return page.locator(".plan-table").first.evaluate(
        "t => Object.fromEntries([...t.querySelectorAll('thead th')].map(h => [h.textContent.trim(), "
        "h.getBoundingClientRect().width]))"
    )


def test_the_plan_table_gives_objective_and_task_room_at_1280px(page, alice, drafts_campaign):
    browser_login(page, "alice@example.org")
    page.goto(drafts_campaign.get_absolute_url())
    widths = _column_widths(page)
    # They were squeezed to 114 px each by the draft rows' actions on one line.
    assert widths["Objective"] >= 170 and widths["Task"] >= 170, widths
    wrapper = page.locator(".plan-table").first.evaluate(
        "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
    )
    assert wrapper[0] <= wrapper[1], f"the plan table scrolls sideways at 1280 px: {wrapper}"
    # Every action is still a button in view of its row.
    row = page.locator("tr[id^=row-]").first
    for name in ["Accept", "Drop", "Edit"]:
        assert row.get_by_role("button" if name != "Edit" else "link", name=name).first.is_visible()


def test_every_campaign_tab_is_in_view_at_1280px_and_on_a_phone_the_row_shows_it_scrolls(page, alice, drafts_campaign):
    browser_login(page, "alice@example.org")
    page.goto(drafts_campaign.get_absolute_url())
    tabs = page.locator(".campaign-tabs")
    right = tabs.evaluate("u => u.getBoundingClientRect().right")
    edges = page.locator(".campaign-tabs .nav-link").evaluate_all(
        "els => els.map(a => [a.textContent.trim(), a.getBoundingClientRect().right])"
    )
    hidden = [name for name, edge in edges if edge > right + 0.5]
    assert hidden == [], f"tabs off the end of the row at 1280 px: {hidden}"
    assert "Business case" in [name for name, _ in edges]

    page.set_viewport_size(PHONE)
    page.goto(drafts_campaign.get_absolute_url())
    scroll, client, background = tabs.evaluate(
        "u => [u.scrollWidth, u.clientWidth, getComputedStyle(u).backgroundImage]"
    )
    tops = page.locator(".campaign-tabs .nav-item").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(tops)) == 1 and scroll > client  # one row that scrolls...
    assert background.count("radial-gradient") == 2, background  # ...with a shadow at the edge where more wait
    assert_accessible(page)


def test_the_plan_steps_page_names_each_column_once_and_gives_the_words_room(page, alice, branch_a):
    browser_login(page, "alice@example.org")
    page.goto(f"/campaigns/plan-steps/{branch_a.slug}/")
    first = page.locator("main form table tbody tr").first
    # Labels and help are kept for screen readers (each box is still found by its label) but not shown per row.
    assert first.locator("label").count() >= 6
    shown = first.locator("label, .form-text").evaluate_all(
        "els => els.filter(e => e.getBoundingClientRect().width > 1).map(e => e.textContent.trim())"
    )
    assert shown == []
    objective = page.get_by_label("Objective").first
    assert objective.evaluate("e => e.tagName") == "TEXTAREA"
    assert objective.bounding_box()["width"] >= 300  # it was a 16-character box
    assert page.get_by_label("Task").first.bounding_box()["width"] >= 300
    assert_accessible(page)

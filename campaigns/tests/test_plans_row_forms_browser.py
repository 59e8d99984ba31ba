"""The plan rows' controls in Chromium, with and without JavaScript (issue 21): Move, Accept and Drop submit forms
the page shares (`form=`, `formaction=`), Edit is a link htmx fetches into the row, the names come from
`aria-labelledby`, and the buttons' looks come from CSS scoped to the plan table rather than Bootstrap's classes."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import PlanRow
from campaigns.tests.factories import CampaignFactory, PlanRowFactory
from conftest import PASSWORD, assert_accessible, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(alice, branch_a):
    campaign = CampaignFactory(branch=branch_a, name="Cleaning")
    rows = {
        "first": PlanRowFactory(campaign=campaign, objective="Map the sites", position=0, is_draft=False),
        "second": PlanRowFactory(campaign=campaign, objective="Meet the stewards", position=1, is_draft=False),
        "keep": PlanRowFactory(campaign=campaign, step="1.3", objective="Survey members", position=2, is_draft=True),
        "drop": PlanRowFactory(campaign=campaign, objective="Leaflet the depot", position=3, is_draft=True),
    }
    return campaign, rows


def _order(campaign):
    return list(
        PlanRow.objects.filter(campaign=campaign, phase=1).order_by("position").values_list("objective", flat=True)
    )


def _page_order(page):
    return page.locator("#phase-1-rows td:first-child span[id]").evaluate_all("cells => cells.map(c => c.textContent)")


def test_each_rows_controls_are_named_after_the_row(page, alice, plan):
    campaign, rows = plan
    browser_login(page, alice.email)
    page.goto(campaign.get_absolute_url())
    first, keep = rows["first"].pk, rows["keep"].pk
    expect(page.locator(f"#row-{first} a")).to_have_accessible_name("Edit Map the sites")
    expect(page.locator(f"#row-{first} [form=f-up]")).to_have_accessible_name("Move up Map the sites")
    expect(page.locator(f"#row-{first} [form=f-dn]")).to_have_accessible_name("Move down Map the sites")
    expect(page.locator(f"#row-{keep} [form=f-ac]")).to_have_accessible_name("Accept Survey members")
    expect(page.locator(f"#row-{keep} [form=f-dr]")).to_have_accessible_name("Drop Survey members")
    # A screen reader's list of buttons tells the rows apart, as the hidden text did.
    assert page.get_by_role("button", name="Move down Meet the stewards", exact=True).count() == 1
    assert page.locator(".plan-table").get_by_role("link", name=re.compile("^Edit ")).count() == 4
    expect(page.locator(f"#row-{first} [form=f-up]")).to_be_disabled()  # the first row cannot go up
    assert_accessible(page)


def test_the_controls_look_as_bootstraps_small_buttons_did(page, alice, plan):
    campaign, rows = plan
    browser_login(page, alice.email)
    page.goto(campaign.get_absolute_url())
    # Each control next to an element with the classes it used to carry, in the same page: the same box and paint.
    differences = page.evaluate(
        """(ids) => {
            const props = ['display', 'color', 'background-color', 'border-top-color', 'border-top-width',
                'border-top-left-radius', 'padding-top', 'padding-left', 'font-size', 'font-weight', 'line-height',
                'text-decoration-line', 'vertical-align', 'cursor', 'opacity', 'white-space'];
            const cases = [
                [`#row-${ids.keep} [form=f-ac]`, 'button', 'btn btn-sm btn-success'],
                [`#row-${ids.keep} [form=f-dr]`, 'button', 'btn btn-sm btn-outline-danger'],
                [`#row-${ids.first} a`, 'a', 'btn btn-sm btn-outline-primary'],
                [`#row-${ids.first} [form=f-up]`, 'button', 'btn btn-sm btn-outline-secondary'],
                [`#row-${ids.first} [form=f-dn]`, 'button', 'btn btn-sm btn-outline-secondary'],
            ];
            const out = [];
            for (const [selector, tag, classes] of cases) {
                const control = document.querySelector(selector);
                const old = document.createElement(tag);
                old.className = classes;
                old.textContent = control.textContent;
                if (control.disabled) old.disabled = true;
                if (tag === 'a') old.href = '#';
                document.querySelector('main').append(old);
                const [a, b] = [getComputedStyle(control), getComputedStyle(old)];
                for (const p of props) {
                    const [now, was] = [a.getPropertyValue(p), b.getPropertyValue(p)];
                    if (now !== was) out.push([selector, p, now, was]);
                }
                const [ra, rb] = [control.getBoundingClientRect(), old.getBoundingClientRect()];
                if (Math.abs(ra.width - rb.width) > 0.5 || Math.abs(ra.height - rb.height) > 0.5) {
                    out.push([selector, 'size', [ra.width, ra.height], [rb.width, rb.height]]);
                }
                old.remove();
            }
            return out;
        }""",
        {"keep": rows["keep"].pk, "first": rows["first"].pk},
    )
    assert differences == []
    # On a phone each cell says what it is, from the table's CSS.
    page.set_viewport_size({"width": 390, "height": 844})
    labels = page.locator(f"#row-{rows['first'].pk} td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels == ["none", '"Task: "', '"Responsibility: "', '"Deadline: "', '"Status: "', "none"]


def test_move_edit_accept_and_drop_with_javascript_swap_the_rows_in_place(page, alice, plan):
    campaign, rows = plan
    browser_login(page, alice.email)
    page.goto(campaign.get_absolute_url())
    page.evaluate("() => { window.samePage = true; }")
    url = page.url

    page.get_by_role("button", name="Move down Map the sites", exact=True).click()
    expect(page.locator("#phase-1-rows td:first-child span[id]").first).to_have_text("Meet the stewards")
    assert _order(campaign) == ["Meet the stewards", "Map the sites", "Survey members", "Leaflet the depot"]
    page.get_by_role("button", name="Move up Map the sites", exact=True).click()
    expect(page.locator("#phase-1-rows td:first-child span[id]").first).to_have_text("Map the sites")
    assert _order(campaign)[:2] == ["Map the sites", "Meet the stewards"]

    page.get_by_role("link", name="Edit Meet the stewards", exact=True).click()
    expect(page.locator(f"#row-{rows['second'].pk} form")).to_be_visible()  # the edit form, in the row
    assert page.url == url  # no navigation, no history entry
    page.locator(f"#row-{rows['second'].pk}").get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="Edit Meet the stewards", exact=True)).to_be_focused()

    page.get_by_role("button", name="Accept Survey members", exact=True).click()
    expect(page.locator(f"#row-{rows['keep'].pk}")).not_to_contain_text("Draft")
    assert not PlanRow.objects.get(pk=rows["keep"].pk).is_draft
    page.get_by_role("button", name="Drop Leaflet the depot", exact=True).click()
    expect(page.locator(f"#row-{rows['drop'].pk}")).to_have_count(0)
    assert not PlanRow.objects.filter(pk=rows["drop"].pk).exists()
    assert page.evaluate("() => window.samePage === true")  # every action swapped in place
    assert_accessible(page)


def test_move_accept_and_drop_work_without_javascript(browser, live_server, alice, plan):
    campaign, rows = plan
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        browser_login(page, alice.email, PASSWORD)
        page.goto(campaign.get_absolute_url())
        page.get_by_role("button", name="Move down Map the sites", exact=True).click()
        page.wait_for_load_state()
        assert _page_order(page)[:2] == ["Meet the stewards", "Map the sites"]
        assert _order(campaign)[:2] == ["Meet the stewards", "Map the sites"]
        page.get_by_role("button", name="Accept Survey members", exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_text("“Survey members” accepted into the plan.")).to_be_visible()
        assert not PlanRow.objects.get(pk=rows["keep"].pk).is_draft
        page.get_by_role("button", name="Drop Leaflet the depot", exact=True).click()
        page.wait_for_load_state()
        assert not PlanRow.objects.filter(pk=rows["drop"].pk).exists()
        page.get_by_role("link", name="Edit Map the sites", exact=True).click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/campaigns/rows/{rows['first'].pk}/edit/")  # the edit page of its own
    finally:
        context.close()


def test_after_each_in_place_action_the_ends_stay_disabled_and_focus_stays_on_the_row(page, alice, plan):
    """Walk-through (issue 21): a row redrawn alone (Accept, Cancel) or a neighbour dropped left the top row's Up
    or the bottom row's Down enabled; focus fell to the page after Move and Drop, and the live region stayed empty."""
    campaign, rows = plan
    first = PlanRowFactory(campaign=campaign, objective="Draft at the top", position=0, is_draft=True)
    PlanRow.objects.filter(pk=rows["first"].pk).update(position=1)
    browser_login(page, alice.email)
    page.goto(campaign.get_absolute_url())

    def ends():
        up = page.locator("#phase-1-rows > tr").first.locator("[form=f-up]")
        down = page.locator("#phase-1-rows > tr").last.locator("[form=f-dn]")
        expect(up).to_be_disabled()
        expect(down).to_be_disabled()

    ends()
    expect(page.locator("#drafts-banner")).to_contain_text("3 steps from the guide are offered as drafts")
    page.get_by_role("button", name="Accept Draft at the top", exact=True).click()
    expect(page.locator(f"#row-{first.pk}")).not_to_contain_text("Draft at the top Draft")
    expect(page.locator("#plan-messages")).to_have_text("“Draft at the top” accepted into the plan.")
    expect(page.locator("#drafts-banner")).to_contain_text("2 steps from the guide are offered as drafts")
    ends()

    page.get_by_role("button", name="Move down Map the sites", exact=True).click()
    expect(page.get_by_role("button", name="Move down Map the sites", exact=True)).to_be_focused()
    expect(page.locator("#plan-messages")).to_have_text("“Map the sites” moved down.")
    ends()

    page.get_by_role("button", name="Drop Leaflet the depot", exact=True).click()  # the bottom row
    expect(page.locator(f"#row-{rows['drop'].pk}")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit Survey members", exact=True)).to_be_focused()
    expect(page.locator("#plan-messages")).to_have_text("“Leaflet the depot” removed from the plan.")
    expect(page.locator("#drafts-banner")).to_contain_text("1 step from the guide is offered as drafts")
    ends()  # "Survey members" is the bottom row now: its Down is disabled

    page.get_by_role("link", name="Edit Draft at the top", exact=True).click()
    page.locator(f"#row-{first.pk}").get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="Edit Draft at the top", exact=True)).to_be_focused()
    ends()


def test_drop_without_javascript_comes_back_to_the_rows_phase(client, alice, plan):
    campaign, rows = plan
    client.force_login(alice)
    response = client.post(f"/campaigns/rows/{rows['drop'].pk}/delete/")
    assert response["Location"] == f"{campaign.get_absolute_url()}#phase-1"

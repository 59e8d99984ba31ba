"""Issue 18 walk-through fixes, as seen in Chromium: the "due after the decision" warning wraps inside its cell at
1280 px and 390 px (Status and the actions stay in view), and the timeline's labels overlap neither each other
nor the other markers' lines, measured from the drawn text."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns.models import DecisionMeeting, PlanRow
from campaigns.plans import decisions, services, workdays
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(alice, branch_a):
    """A plan whose escalation runs past a procurement board meeting, with the walker's crowd of key dates."""
    today = timezone.localdate()
    contract = ContractFactory(
        branch=branch_a,
        service="Office and school cleaning",
        end_date=today + datetime.timedelta(330),
        termination_notice_months=6,
    )
    campaign = services.campaign_start(
        branch=branch_a, user=alice, name="Bring cleaning back in-house", contracts=[contract]
    )
    services.drafts_accept(campaign=campaign)

    def day(days):
        return workdays.working_day_on_or_before(today + datetime.timedelta(days), "england")[0]

    for days, kind, title, decides in [
        (40, "scrutiny", "Scrutiny committee: cleaning contract performance", False),
        (64, "procurement", "Procurement board: cleaning contract extension", True),
        (120, "cabinet", "Cabinet: future delivery of cleaning services", True),
        (150, "council", "Full council budget meeting", False),
    ]:
        DecisionMeeting.objects.create(
            campaign=campaign, kind=kind, title=title, date=day(days), decides_contract=decides
        )
    return campaign


def test_the_decision_warning_wraps_inside_its_cell(page, alice, campaign):
    assert decisions.rows_after_decision(
        list(PlanRow.objects.filter(campaign=campaign)), decisions.deciding_meeting(campaign)
    ), "the plan has rows due after the procurement board"
    browser_login(page, alice.email)

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(campaign.get_absolute_url())
        warning = page.locator(".decision-late").first
        warning.scroll_into_view_if_needed()
        row = page.locator("tr[id^=row-]", has=page.locator(".decision-late")).first
        geometry = row.evaluate(
            """row => {
                const table = row.closest('table'), box = table.parentElement;
                const rect = el => el.getBoundingClientRect();
                const warning = row.querySelector('.decision-late');
                return {
                    table: table.scrollWidth, box: box.clientWidth, boxRight: rect(box).right,
                    status: rect(row.querySelector('td:nth-child(5)')).right,
                    actions: rect(row.querySelector('td:nth-child(6)')).right,
                    warningRight: rect(warning).right, cellRight: rect(warning.closest('td')).right,
                    warningScroll: warning.scrollWidth, warningWidth: warning.clientWidth,
                    page: document.documentElement.scrollWidth,
                };
            }"""
        )
        where = f"at {width} px: {geometry}"
        assert geometry["table"] <= geometry["box"] + 1, f"the plan table is wider than its box {where}"
        assert geometry["status"] <= geometry["boxRight"] + 1 and geometry["actions"] <= geometry["boxRight"] + 1, (
            f"Status or the actions are out of view {where}"
        )
        assert geometry["warningRight"] <= geometry["cellRight"] + 1, f"the warning runs out of its cell {where}"
        assert geometry["warningScroll"] <= geometry["warningWidth"] + 1, f"the warning is cut off {where}"
        assert geometry["page"] <= width, f"the page scrolls sideways {where}"
        assert re.match(r"Due after the procurement board decides on \d+ \w+ \d{4}$", warning.inner_text())
    assert_accessible(page)


def test_timeline_labels_stay_clear_of_each_other_and_the_lines(page, alice, campaign):
    browser_login(page, alice.email)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/campaigns/{campaign.pk}/timeline/")
        # Measured by the browser from the drawn glyphs, in the SVG's own units.
        markers = page.evaluate(
            """() => [...document.querySelectorAll('svg.campaign-timeline g.timeline-marker')].map(g => {
                const text = g.querySelector('text').getBBox(), line = g.querySelector('line');
                return {
                    text: g.querySelector('text').textContent,
                    left: text.x, right: text.x + text.width, top: text.y, bottom: text.y + text.height,
                    x: line.x1.baseVal.value, y1: line.y1.baseVal.value, y2: line.y2.baseVal.value,
                };
            })"""
        )
        view = page.evaluate("document.querySelector('svg.campaign-timeline').viewBox.baseVal.width")
        assert len(markers) >= 6
        for m in markers:
            assert m["left"] >= 0 and m["right"] <= view, f"{m['text']!r} runs off the chart at {width} px"
            for o in markers:
                if o is m:
                    continue
                if m["top"] < o["bottom"] and o["top"] < m["bottom"]:
                    assert m["right"] <= o["left"] or o["right"] <= m["left"], f"{m['text']!r} overlaps {o['text']!r}"
                # Another marker's line reaching down past this label's top crosses it if it is within its width.
                if o["y2"] > m["top"] + 1 and o["y1"] < m["bottom"]:
                    assert not m["left"] < o["x"] < m["right"], f"{o['text']!r}'s line crosses {m['text']!r}"
        font = page.evaluate(
            """() => { const t = document.querySelector('svg.campaign-timeline g.timeline-marker text');
                       return t.getBoundingClientRect().height; }"""
        )
        # On a phone the chart scrolls at its own size rather than shrinking the text to nothing.
        assert font >= 10, f"timeline text is {font:.1f} px tall at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)

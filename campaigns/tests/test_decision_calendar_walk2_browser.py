"""Issue 18, second walk, in Chromium at 390 px: the recount preview and the timeline's table stack into cards, so
"New deadline" and "Kind" stay in view instead of being cut off at the right."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import DecisionMeeting
from campaigns.plans import decisions, services
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(alice, branch_a):
    """Deadlines counted back from the contract's end, then a cabinet meeting a year earlier decides it."""
    today = timezone.localdate()
    contract = ContractFactory(
        branch=branch_a, service="Office and school cleaning", end_date=today + datetime.timedelta(900)
    )
    campaign = services.campaign_start(
        branch=branch_a, user=alice, name="Bring cleaning back in-house", contracts=[contract]
    )
    services.drafts_accept(campaign=campaign)
    DecisionMeeting.objects.create(
        campaign=campaign,
        kind="cabinet",
        title="Cabinet: future delivery of cleaning services",
        date=today + datetime.timedelta(400),
        decides_contract=True,
    )
    return campaign


def _cells_right(page, selector):
    return page.evaluate(
        f"""() => [...document.querySelectorAll('{selector}')].map(td => td.getBoundingClientRect().right)"""
    )


def test_the_recount_preview_and_the_timeline_table_fit_a_phone(page, alice, campaign):
    assert decisions.plan_recount_preview(campaign=campaign).moves, "the meeting moves rows"
    browser_login(page, alice.email)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})

        page.goto(f"/campaigns/{campaign.pk}/recount/")
        new_dates = _cells_right(page, '#recount-moves td[data-label="New deadline"]')
        assert new_dates and max(new_dates) <= width, f"New deadline out of view at {width} px: {new_dates}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator('#recount-moves td[data-label="New deadline"]').first.is_visible()
        assert_accessible(page)

        page.goto(f"/campaigns/{campaign.pk}/timeline/")
        kinds = _cells_right(page, '#timeline-table td[data-label="Kind"]')
        assert kinds and max(kinds) <= width, f"Kind out of view at {width} px: {kinds}"
        assert_accessible(page)

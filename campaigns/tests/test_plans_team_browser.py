"""The team page's calendar links: subscribe by webcal://, copy with one click; the private task page reads well."""

import datetime

import pytest
from django.urls import reverse

from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from conftest import assert_accessible, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_copies_the_calendar_link_and_a_member_reads_their_task_page(page, alice, branch_a):
    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back in-house")
    sam = TeamMemberFactory(campaign=campaign, name="Sam Steward", email="sam@example.org")
    PlanRowFactory(
        campaign=campaign,
        responsible=sam,
        objective="Book the hall",
        task="Ask the caretaker.",
        deadline=datetime.date.today() - datetime.timedelta(days=1),
    )
    campaign.rotate_calendar_token()
    sam.rotate_calendar_token()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(page, "alice@example.org")

    page.goto(reverse("campaigns:team", kwargs={"pk": campaign.pk}))
    feed = page.locator("#campaign-feed").input_value()
    subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
    assert subscribe.get_attribute("href") == "webcal://" + feed.split("://", 1)[1]
    page.get_by_role("button", name="Copy the campaign calendar link").click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == feed
    assert_accessible(page)

    page.goto(reverse("campaigns:member_tasks", kwargs={"token": sam.ensure_tasks_token()}))
    assert page.get_by_role("heading", name="Sam Steward: your tasks").is_visible()
    assert page.get_by_role("cell", name="Ask the caretaker.").is_visible()
    assert page.get_by_text("Overdue").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)

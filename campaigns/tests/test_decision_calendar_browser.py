"""Issue 18 in the browser: an officer adds a deciding meeting earlier than the contract's end, sees the warnings,
recounts, subscribes to the feed and finds the meeting there, and opens the timeline (also at 390 px)."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from campaigns.models import DecisionMeeting, PlanRow
from campaigns.plans import services, workdays
from conftest import assert_accessible, browser_login
from contracts.tests.factories import ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deciding_meeting_drives_the_plan_feed_and_timeline(page, alice, olive, branch_a):
    today = timezone.localdate()
    contract = ContractFactory(branch=branch_a, service="Leisure centres", end_date=today + datetime.timedelta(600))
    campaign = services.campaign_start(branch=branch_a, user=alice, name="Leisure back in-house", contracts=[contract])
    services.drafts_accept(campaign=campaign)
    decided_on, _ = workdays.working_day_on_or_before(today + datetime.timedelta(100), "england")
    browser_login(page, "alice@example.org")

    # Add the cabinet meeting to the decision calendar, ticking "decides the contract".
    page.goto(f"/campaigns/{campaign.pk}/power-map/")
    page.get_by_role("link", name="Add a meeting or election").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Kind").select_option("cabinet")
    page.get_by_label("Title").fill("Cabinet: leisure options appraisal")
    page.get_by_label("Date").fill(decided_on.isoformat())
    page.get_by_label("The contract's fate is decided here").check()
    page.get_by_label("Alice Officer").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    meeting = DecisionMeeting.objects.get(campaign=campaign)
    assert meeting.decides_contract and list(meeting.attendees.values_list("name", flat=True)) == ["Alice Officer"]

    # The plan page says the decision comes first and flags the escalation due after it.
    page.goto(campaign.get_absolute_url())
    banner = page.locator(".decision-banner")
    assert f"To be decided on {decided_on:%-d %B %Y}" in banner.inner_text()
    assert "phase 3 and 4 rows are due after the cabinet decides" in banner.inner_text()
    assert page.locator(".decision-late").count() > 0
    assert page.locator(".next-days").is_visible()
    assert_accessible(page)

    # Recount: the preview shows old and new dates, then the rows move.
    banner.get_by_role("link", name=re.compile("^Recount the deadlines")).click()
    page.wait_for_load_state()
    assert page.locator("#recount-moves").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Recount the deadlines").click()
    page.wait_for_load_state()
    assert "recounted from the deciding date" in page.inner_text("body")
    win = PlanRow.objects.get(campaign=campaign, objective="Win, promote and celebrate the win")
    assert win.deadline == decided_on
    assert page.locator(".decision-late").count() == 0
    assert_accessible(page)

    # Subscribe: the campaign's feed carries the meeting.
    page.locator(".nav-tabs").get_by_role("link", name="Team and calendar").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Create a campaign calendar link").click()
    page.wait_for_load_state()
    feed_url = page.get_by_label("Whole-campaign calendar link").input_value()
    response = page.request.get(feed_url)
    assert response.ok
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.body()).walk("VEVENT")}
    meeting_event = events["Deciding meeting: Cabinet: leisure options appraisal"]
    assert meeting_event.decoded("dtstart") == decided_on
    assert meeting_event.walk("VALARM")

    # The meeting's own page, then the timeline, at 1280 px and 390 px.
    page.goto(meeting.get_absolute_url())
    assert page.get_by_role("heading", name="How the vote stands").is_visible()
    assert_accessible(page)
    page.goto(campaign.get_absolute_url())
    page.locator(".nav-tabs").get_by_role("link", name="Timeline").click()
    page.wait_for_load_state()
    assert page.locator("svg.campaign-timeline").is_visible()
    assert page.locator("#timeline-table tr[data-kind='decision']").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px wide)"
    assert page.locator("#timeline-table").is_visible()
    assert_accessible(page)

    # An organiser reads the review, the timeline and the meeting.
    page.context.clear_cookies()
    browser_login(page, olive.email)
    for url in (f"/campaigns/{campaign.pk}/review/", f"/campaigns/{campaign.pk}/timeline/", meeting.get_absolute_url()):
        page.goto(url)
        assert page.locator("h1").is_visible()
        assert_accessible(page)
    assert "Recount the deadlines" not in page.inner_text("body")

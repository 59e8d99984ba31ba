import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory


@pytest.fixture
def campaign(branch_a):
    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back in-house")
    sam = TeamMemberFactory(campaign=campaign, name="Sam Steward")
    jo = TeamMemberFactory(campaign=campaign, name="Jo Cleaner")
    PlanRowFactory(
        campaign=campaign, responsible=sam, objective="Map the workforce", deadline=datetime.date(2026, 3, 2)
    )
    PlanRowFactory(campaign=campaign, responsible=jo, objective="Petition", deadline=datetime.date(2026, 5, 1))
    PlanRowFactory(
        campaign=campaign, responsible=sam, objective="Already done", deadline=datetime.date(2026, 1, 1), status="done"
    )
    PlanRowFactory(
        campaign=campaign, responsible=sam, objective="Draft only", deadline=datetime.date(2026, 1, 1), is_draft=True
    )
    PlanRowFactory(campaign=campaign, responsible=sam, objective="Undated", deadline=None)
    return campaign


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}, calendar


def test_the_campaign_feed_is_valid_icalendar_with_each_open_deadline(client, campaign):
    campaign.rotate_calendar_token()
    events, calendar = _events(
        client.get(reverse("campaigns:calendar_feed", kwargs={"token": campaign.calendar_token}))
    )

    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Bring cleaning back in-house"
    assert sorted(events) == [
        "Map the workforce (Bring cleaning back in-house)",
        "Petition (Bring cleaning back in-house)",
    ]
    event = events["Map the workforce (Bring cleaning back in-house)"]
    assert event.decoded("dtstart") == datetime.date(2026, 3, 2)
    assert event.decoded("dtend") == datetime.date(2026, 3, 3)
    assert "Responsibility: Sam Steward" in str(event["description"])
    assert str(event["uid"]).startswith(f"campaign-{campaign.pk}-plan-row-")


def test_a_personal_feed_holds_only_that_persons_tasks(client, campaign):
    jo = campaign.team.get(name="Jo Cleaner")
    jo.rotate_calendar_token()
    events, _ = _events(client.get(reverse("campaigns:calendar_feed", kwargs={"token": jo.calendar_token})))
    assert list(events) == ["Petition (Bring cleaning back in-house)"]


def test_a_revoked_or_replaced_link_stops_working(client, alice, campaign):
    client.force_login(alice)
    client.post(reverse("campaigns:campaign_calendar", kwargs={"pk": campaign.pk}), {"action": "create"})
    campaign.refresh_from_db()
    first = campaign.calendar_token
    assert first
    client.post(reverse("campaigns:campaign_calendar", kwargs={"pk": campaign.pk}), {"action": "create"})
    campaign.refresh_from_db()
    assert campaign.calendar_token != first
    client.logout()
    assert client.get(reverse("campaigns:calendar_feed", kwargs={"token": first})).status_code == 404
    assert client.get(reverse("campaigns:calendar_feed", kwargs={"token": campaign.calendar_token})).status_code == 200

    client.force_login(alice)
    client.post(reverse("campaigns:campaign_calendar", kwargs={"pk": campaign.pk}), {"action": "revoke"})
    campaign.refresh_from_db()
    assert campaign.calendar_token is None


def test_member_link_is_created_and_revoked_by_an_officer_only(client, alice, olive, campaign):
    sam = campaign.team.get(name="Sam Steward")
    url = reverse("campaigns:team_member_calendar", kwargs={"pk": sam.pk})
    client.force_login(olive)
    assert client.post(url, {"action": "create"}).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 405
    client.post(url, {"action": "create"})
    sam.refresh_from_db()
    token = sam.calendar_token
    team_page = client.get(reverse("campaigns:team", kwargs={"pk": campaign.pk}))
    assert token in team_page.content.decode()
    client.post(url, {"action": "revoke"})
    sam.refresh_from_db()
    assert sam.calendar_token is None
    assert client.get(reverse("campaigns:calendar_feed", kwargs={"token": token})).status_code == 404


def test_organisers_do_not_see_secret_calendar_links(client, olive, campaign):
    campaign.rotate_calendar_token()
    client.force_login(olive)
    response = client.get(reverse("campaigns:team", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    assert campaign.calendar_token not in response.content.decode()


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("campaigns:calendar_feed", kwargs={"token": "nope"})).status_code == 404

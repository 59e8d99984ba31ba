"""Guard over every calendar feed: each URL pattern whose view answers text/calendar (found from the views, not
listed by hand) is fetched with a token of every model that owns one, and the feed must satisfy a strict RFC 5545
parser (`ical`) as well as `icalendar`, carry refresh hints, and give events UIDs unique to this installation and
to the feed."""

import datetime
import inspect

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory

SITE_URL = "https://insourcing.example.org"


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _source(view) -> str:
    view = getattr(view, "view_class", None) or inspect.unwrap(view)
    try:
        return inspect.getsource(view)
    except (OSError, TypeError):  # built-in or generated views
        return ""


def feed_url_names() -> list[str]:
    return sorted(name for name, pattern in _walk(get_resolver()) if "text/calendar" in _source(pattern.callback))


def token_models():
    return [model for model in apps.get_models() if any(f.name == "calendar_token" for f in model._meta.fields)]


@pytest.fixture
def owners(branch_a, settings):
    """One object of each model that owns a calendar token, with rows whose text needs escaping and folding."""
    settings.SITE_URL = SITE_URL
    campaign = CampaignFactory(branch=branch_a, name="Dod â’r gwasanaeth glanhau yn ôl; cleaning, in-house")
    sam = TeamMemberFactory(campaign=campaign, name="Siân Ŵyn")
    jo = TeamMemberFactory(campaign=campaign, name="Jo Cleaner")
    for days, person in [(0, sam), (3, sam), (10, jo)]:
        PlanRowFactory(
            campaign=campaign,
            responsible=person,
            objective="Petition, leaflet; and \\ meet the stewards " + "at the depot " * 8,
            task="Line one\nLine two: “quoted”, with £10,000 and 😀",
            deadline=datetime.date(2026, 6, 10) + datetime.timedelta(days=days),
        )
    made = {type(campaign): campaign, type(sam): sam}
    for obj in made.values():
        obj.rotate_calendar_token()
    return made


def _fetch(client, owners):
    """Every feed pattern with every token: {(url name, model): response} for those that serve it."""
    served = {}
    for name in feed_url_names():
        for model, obj in owners.items():
            response = client.get(reverse(name, kwargs={"token": obj.calendar_token}))
            if response.status_code == 200:
                served[name, model] = response
    return served


def test_the_guard_finds_every_feed_and_every_token_owner(client, owners):
    assert feed_url_names(), "no view answers text/calendar: the guard would check nothing"
    assert set(owners) == set(token_models()), "a model with a calendar token needs an object in this guard"
    served = _fetch(client, owners)
    assert {name for name, _ in served} == set(feed_url_names())
    assert {model for _, model in served} == set(token_models())


def test_every_feed_is_valid_for_a_strict_rfc_5545_parser_and_icalendar(client, owners):
    for key, response in _fetch(client, owners).items():
        assert response["Content-Type"] == "text/calendar; charset=utf-8", key
        text = response.content.decode()
        strict = IcsCalendarStream.calendar_from_ics(text)  # raises on anything RFC 5545 forbids
        calendar = Calendar.from_ical(response.content)
        events = list(calendar.walk("VEVENT"))
        assert len(strict.events) == len(events) > 0, key
        assert {e.summary for e in strict.events} == {str(e["summary"]) for e in events}, key
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), key


def test_every_feed_tells_subscribers_how_often_to_refresh(client, owners):
    for key, response in _fetch(client, owners).items():
        calendar = Calendar.from_ical(response.content)
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION", key
        assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=1), key
        assert str(calendar["X-PUBLISHED-TTL"].to_ical().decode()) == "PT1H", key


def test_uids_are_unique_to_this_installation_and_to_each_feed(client, owners):
    seen: dict[str, tuple] = {}
    for key, response in _fetch(client, owners).items():
        uids = [str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
        assert len(uids) == len(set(uids)), key
        for uid in uids:
            assert uid.endswith("@insourcing.example.org"), uid
            assert uid not in seen, f"{uid} is in both {seen.get(uid)} and {key}"
            seen[uid] = key


def test_every_feed_answers_head_without_a_body(client, owners):
    for name in feed_url_names():
        for obj in owners.values():
            response = client.head(reverse(name, kwargs={"token": obj.calendar_token}))
            assert response.status_code == 200, name
            assert response["Content-Type"].startswith("text/calendar"), name
            assert response.content == b"", name

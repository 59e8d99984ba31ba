"""The read API: scoped like the pages, Bearer tokens, pagination, filters, and never raw survey answers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from overview.api.models import ApiToken
from surveys.services import ContactData, survey_close
from surveys.tests.factories import answer

from .factories import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def _auth(user) -> dict:
    _, raw = ApiToken.issue(user=user, name="Spreadsheet")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _get(client, user, name, query="", **kwargs):
    return client.get(reverse(f"api:{name}", kwargs=kwargs or None) + query, **_auth(user))


def _branches(payload) -> set[str]:
    return {item["branch"] for item in payload["results"]}


@pytest.mark.parametrize("name", ["contracts", "campaigns", "plan-rows", "foi-requests", "surveys"])
def test_organiser_reads_every_branch_of_the_region_and_nothing_of_another(client, olive, world, name):
    payload = client.get(f"/api/{name}/", **_auth(olive)).json()
    assert payload["count"] > 0
    assert _branches(payload) <= {"demo-city", "north-county"}
    assert "south-town" not in _branches(payload)


def test_organiser_sees_both_branches_contracts(client, olive, world):
    assert _branches(_get(client, olive, "contracts").json()) == {"demo-city", "north-county"}


def test_branch_list_is_the_callers_scope(client, alice, olive, world):
    assert [b["slug"] for b in _get(client, alice, "branches").json()["results"]] == ["demo-city"]
    assert {b["slug"] for b in _get(client, olive, "branches").json()["results"]} == {"demo-city", "north-county"}


@pytest.mark.parametrize("name", ["contracts", "campaigns", "plan_rows", "foi_requests", "surveys"])
def test_officer_asking_for_another_branch_gets_an_empty_list(client, alice, world, name):
    payload = _get(client, alice, name, "?branch=south-town").json()
    assert (payload["count"], payload["results"]) == (0, [])


def test_officer_cannot_read_another_branchs_survey_results(client, alice, world):
    assert _get(client, alice, "survey_results", pk=world.south_survey.pk).status_code == 404


def test_contract_fields_carry_the_renewal_clock(client, alice, world):
    payload = _get(client, alice, "contracts", "?branch=demo-city").json()
    by_service = {c["service"]: c for c in payload["results"]}
    assert by_service["Catering"]["lead_in_status"] == "no-campaign"
    assert by_service["Cleaning"]["lead_in_status"] == "campaign" and by_service["Cleaning"]["has_campaign"]
    assert by_service["Parks"]["lead_in_status"] == "ended"
    assert by_service["Catering"]["membership_density"] == 25.0


def test_campaigns_have_phase_targets_and_latest_figures(client, alice, world):
    payload = _get(client, alice, "campaigns").json()
    clean = next(c for c in payload["results"] if c["name"] == "Clean")
    assert (clean["phase"], clean["target_density"], clean["target_activists"]) == (2, "50.0", 10)
    # 3 overdue: the past-due draft counts, as on the campaign's plan page.
    assert (clean["density"], clean["activists"], clean["overdue_plan_rows"]) == ("45.0", 6, 3)
    assert clean["target_contracts"] == [world.cleaning.pk]


def test_plan_rows_filter_overdue_and_never_name_who_is_responsible(client, alice, world):
    payload = _get(client, alice, "plan_rows", "?overdue=true").json()
    # The past-due draft is overdue too, by the plan's one rule.
    assert {r["objective"] for r in payload["results"]} == {"Map the sites", "Sam's task", "Offered step"}
    assert "responsible" not in payload["results"][0]


def test_foi_requests_say_which_are_overdue(client, alice, world):
    payload = _get(client, alice, "foi_requests", "?branch=demo-city").json()
    assert sorted(f["due_on"] for f in payload["results"] if f["is_overdue"]) == ["2026-05-20", "2026-06-01"]
    assert "body" not in payload["results"][0]


def test_pagination(client, alice, world):
    first = _get(client, alice, "contracts", "?page_size=2").json()
    assert (first["count"], len(first["results"])) == (4, 2)
    assert "page=2" in first["next"]


def test_updated_since_filter(client, alice, world):
    Contract.objects.exclude(pk=world.catering.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    payload = client.get(reverse("api:contracts"), {"updated_since": since}, **_auth(alice)).json()
    assert [c["service"] for c in payload["results"]] == ["Catering"]


def test_updated_since_finds_a_campaign_edited_later_and_not_the_others(client, alice, world, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(days=10), tick=False)
    world.launch.name = "Launch, renamed"
    world.launch.save()
    since = (NOW + datetime.timedelta(days=5)).isoformat()
    payload = client.get(reverse("api:campaigns"), {"updated_since": since}, **_auth(alice)).json()
    assert [c["name"] for c in payload["results"]] == ["Launch, renamed"]
    assert payload["results"][0]["updated_at"].startswith("2026-06-25")


def test_updated_since_still_finds_a_campaign_by_its_plan_rows(client, alice, world, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(days=10), tick=False)
    row = world.clean.plan_rows.first()
    row.objective = "Map the sites again"
    row.save()
    since = (NOW + datetime.timedelta(days=5)).isoformat()
    payload = client.get(reverse("api:campaigns"), {"updated_since": since}, **_auth(alice)).json()
    assert [c["name"] for c in payload["results"]] == ["Clean"]


def test_updated_since_finds_a_survey_closed_later_and_not_the_others(client, alice, world, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(days=10), tick=False)
    survey_close(survey=world.survey)
    since = (NOW + datetime.timedelta(days=5)).isoformat()
    payload = client.get(reverse("api:surveys"), {"updated_since": since}, **_auth(alice)).json()
    assert [s["id"] for s in payload["results"]] == [world.survey.pk]
    assert payload["results"][0]["updated_at"].startswith("2026-06-25")


def test_updated_since_finds_a_survey_answered_that_day_without_its_time(client, alice, world, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(days=10), tick=False)
    answer(world.survey, support="no")
    since = (NOW + datetime.timedelta(days=10, hours=5)).isoformat()  # later the same day
    payload = client.get(reverse("api:surveys"), {"updated_since": since}, **_auth(alice)).json()
    assert [s["id"] for s in payload["results"]] == [world.survey.pk]


def test_bad_filter_is_a_400_not_an_error(client, alice, world):
    response = _get(client, alice, "contracts", "?updated_since=yesterday")
    assert response.status_code == 400 and "updated_since" in response.json()


SURVEY_KEYS = {"survey", "responses", "paper", "staff_count", "rate", "snapshot_date", "questions", "crosstabs"}
QUESTION_KEYS = {"number", "text", "kind", "dropped", "cells", "columns", "lines"}
CELL_KEYS = {"label", "count", "percent"}


def test_survey_results_are_suppressed_aggregates_never_answers_or_contacts(client, alice, world):
    answer(world.survey, support="no", contact=ContactData(name="Secret Person", email="secret@example.org", phone=""))
    response = _get(client, alice, "survey_results", pk=world.survey.pk)
    payload = response.json()
    assert set(payload) == SURVEY_KEYS
    for question in payload["questions"]:
        assert set(question) == QUESTION_KEYS
        for cell in question["cells"] + [c for line in question["lines"] for c in line["cells"]]:
            assert set(cell) == CELL_KEYS
    support = next(q for q in payload["questions"] if q["cells"] and q["cells"][0]["label"] == "Yes")
    assert support["cells"][0]["count"] is None  # 3 said yes: a group under 10 is never shown
    assert payload["responses"] is None  # 4 responses: a count under 10 is never published
    body = response.content.decode()
    assert "Secret Person" not in body and "secret@example.org" not in body


def test_survey_list_has_counts_and_rates(client, alice, world):
    payload = _get(client, alice, "surveys", "?status=open").json()
    assert [(s["responses"], s["response_rate"]) for s in payload["results"]] == [(None, None)]  # 3 responses: under 10


def test_revoked_token_is_refused(client, alice, world):
    token, raw = ApiToken.issue(user=alice, name="Old")
    token.revoke()
    response = client.get(reverse("api:contracts"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer", "Bearer a b"])
def test_unknown_or_malformed_token_is_refused(client, world, header):
    assert client.get(reverse("api:contracts"), HTTP_AUTHORIZATION=header).status_code == 401


def test_no_token_is_refused(client, world):
    assert client.get(reverse("api:contracts")).status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, alice, world):
    headers = _auth(alice)
    alice.is_active = False
    alice.save()
    assert client.get(reverse("api:contracts"), **headers).status_code == 401


def test_using_a_token_records_when(client, alice, world):
    token, raw = ApiToken.issue(user=alice, name="Tool")
    client.get(reverse("api:contracts"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    token.refresh_from_db()
    assert token.last_used_at == timezone.now()


def test_api_is_read_only(client, alice, world):
    assert client.post(reverse("api:contracts"), {}, **_auth(alice)).status_code == 405


def test_logged_in_session_can_read_the_api(alice_client, world):
    assert alice_client.get(reverse("api:contracts")).status_code == 200


def test_schema_is_served_to_token_holders(client, alice):
    response = client.get(reverse("api:schema") + "?format=json", **_auth(alice))
    schema = response.json()
    assert {"/api/contracts/", "/api/surveys/{id}/results/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_docs_page_lists_the_endpoints(alice_client):
    body = alice_client.get(reverse("api:docs")).content.decode()
    assert "GET /api/contracts/" in body and "updated_since" in body


def test_surveys_whose_raw_answers_were_deleted_keep_their_published_figures(client, alice, world):
    from surveys.services import survey_raw_delete

    survey_raw_delete(survey=world.survey)
    listed = _get(client, alice, "surveys", "?branch=demo-city&status=open").json()["results"]
    assert [s["responses"] for s in listed] == [None]  # 3: under 10
    results = _get(client, alice, "survey_results", pk=world.survey.pk).json()
    assert results["responses"] is None and results["snapshot_date"]


@pytest.mark.parametrize(
    ("since", "status"), [("0654-06-14T23:14:41.5-18:15", 200), ("0001-01-01T00:00:00+01:00", 400)]
)
def test_updated_since_with_an_extreme_offset_is_answered_not_an_error(client, alice, world, since, status):
    response = client.get(reverse("api:foi_requests"), {"updated_since": since}, **_auth(alice))
    assert response.status_code == status

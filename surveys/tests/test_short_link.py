"""The short link a member types from the poster: short, unambiguous, unguessable, forgiving of how it is typed,
leading to the same survey as the long link, and not open to guessing at speed."""

import math
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from surveys import links, ratelimit
from surveys.models import RevokedLink, Survey
from surveys.services import survey_close, survey_new_link
from surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(branch_a, alice):
    return make_survey(branch_a, alice, open_it=True)


def start_url(survey, query=""):
    return reverse("surveys:member_start", kwargs={"token": survey.token}) + query


def test_the_code_has_no_characters_to_mistake_and_at_least_40_bits():
    assert not set("0O1IlLoiU") & set(links.ALPHABET)
    assert len(set(links.ALPHABET)) == len(links.ALPHABET)
    assert links.LENGTH * math.log2(len(links.ALPHABET)) >= 40
    drawn = {links.new_short_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(re.fullmatch(f"[{links.ALPHABET}]{{10}}", code) for code in drawn)


def test_every_survey_has_its_own_short_link_of_eleven_characters(branch_a, alice):
    surveys = [make_survey(branch_a, alice) for _ in range(5)]
    codes = [s.short_code for s in surveys]
    assert len(set(codes)) == 5
    assert re.fullmatch(r"/s/[A-Z2-9]{5}-[A-Z2-9]{5}/", surveys[0].short_path())


@pytest.mark.parametrize("typed", ["as-shown", "lower-case", "no-hyphen", "hyphens-elsewhere"])
def test_the_short_link_leads_to_the_survey_however_it_is_typed(client, survey, typed):
    code = survey.short_link_code
    path = {
        "as-shown": code,
        "lower-case": code.lower(),
        "no-hyphen": code.replace("-", ""),
        "hyphens-elsewhere": "-".join(code.replace("-", "")[i : i + 3] for i in range(0, 10, 3)),
    }[typed]
    response = client.get(f"/s/{path}/")
    assert response.status_code == 302
    assert response["Location"] == start_url(survey)
    assert client.get(response["Location"]).status_code == 200


def test_the_short_link_without_its_final_slash_still_arrives(client, survey):
    response = client.get(f"/s/{survey.short_link_code}", follow=True)
    assert response.redirect_chain[-1][0] == start_url(survey)
    assert response.status_code == 200


def test_the_short_link_keeps_the_language_of_the_paper_form_and_drops_anything_else(client, survey):
    assert client.get(f"{survey.short_path()}?lang=cy")["Location"] == start_url(survey, "?lang=cy")
    assert client.get(f"{survey.short_path()}?lang=xx&next=//evil.example")["Location"] == start_url(survey)


def test_the_long_link_keeps_working(client, survey):
    response = client.get(start_url(survey))
    assert response.status_code == 200
    assert "Start the survey" in response.content.decode()


def test_the_short_link_to_a_closed_survey_says_it_has_closed(client, survey):
    survey_close(survey=survey)
    response = client.get(survey.short_path(), follow=True)
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()


def test_an_unknown_short_code_is_not_found_and_counted_against_the_client_only(client, survey):
    response = client.get("/s/ABCDE-FGHJK/")
    assert response.status_code == 404
    assert "Survey not found" in response.content.decode()
    assert "Check that the link is typed exactly as it appears on the poster." in response.content.decode()
    # Counted under a keyed hash of the address, not the address: nothing says which client it was.
    keys = [key for key in cache._cache.get_client().keys("*") if b":lookup:" in key]
    assert len(keys) == 1 and b"127.0.0.1" not in keys[0]
    assert not Survey.objects.filter(short_code="ABCDEFGHJK").exists()


def test_a_code_with_letters_outside_the_alphabet_is_not_found(client, survey):
    assert client.get("/s/ABCDE-FGHJ0/").status_code == 404
    assert client.get("/s/ABCDE-FGHJ/").status_code == 404  # nine characters: the token pattern, not found


def test_after_too_many_unknown_codes_nothing_is_looked_up_for_that_client(client, survey):
    for _ in range(ratelimit.LOOKUP_MISSES):
        assert client.get("/s/ABCDE-FGHJK/").status_code == 404
    refused = client.get(survey.short_path())
    assert refused.status_code == 429  # even a real code: guessing on past the limit learns nothing
    assert "Please try again in a few minutes" in refused.content.decode()
    assert client.get(survey.short_path(), REMOTE_ADDR="192.0.2.7").status_code == 302  # another connection
    assert client.get(start_url(survey)).status_code == 200  # the long link is not a guessable code


def test_members_with_real_codes_never_use_up_the_limit(client, survey):
    for _ in range(ratelimit.LOOKUP_MISSES + 5):
        assert client.get(survey.short_path()).status_code == 302


def test_the_lookup_limit_gives_way_when_the_cache_is_down(client, survey, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "insourcing.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    assert client.get(survey.short_path()).status_code == 302
    assert "Survey link lookup limit not applied, cache unavailable: ConnectionError" in caplog.messages


def test_a_new_link_withdraws_the_short_code_too(client, survey):
    old_path, old_code = survey.short_path(), survey.short_code
    survey_new_link(survey=survey)
    survey.refresh_from_db()
    assert survey.short_code != old_code
    assert RevokedLink.objects.filter(survey=survey, token=old_code).exists()
    response = client.get(old_path)
    assert response.status_code == 410
    assert "This link is no longer in use" in response.content.decode()
    assert client.get(survey.short_path())["Location"] == start_url(survey)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_short_link_only_answers_get_and_head(client, survey, method):
    assert getattr(client, method)(survey.short_path()).status_code == 405
    assert client.head(survey.short_path())["Location"] == start_url(survey)


def test_the_survey_page_shows_officers_the_short_link(alice_client, survey):
    body = alice_client.get(survey.get_absolute_url()).content.decode()
    assert f'href="{survey.short_path()}">http://testserver{survey.short_path()}</a>' in body
    assert f"http://testserver{survey.member_path()}" in body  # the long one is still given

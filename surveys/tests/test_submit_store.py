"""Storing a submission cheaply (issue 21) without giving up what it promised.

On PostgreSQL the response, its answers and their running counts go in one statement (services._response_store),
the rate limit counts in one Redis round trip (ratelimit._count_client), and the members' pages look their survey
up with SQL compiled once per connection (views/member.py, _CompiledLookup).
"""

import uuid

import pytest
from django.core.cache import cache, caches
from django.db import IntegrityError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from insourcing import freshness
from surveys import ratelimit
from surveys.models import Answer, Response, Survey
from surveys.services import AnswerData, response_submit
from surveys.tests.factories import answer_randomly, make_survey, option_id, question
from surveys.tests.test_counts import _counted, _from_raw
from surveys.views.member import _survey_by_token

pytestmark = pytest.mark.django_db


def _answers(survey) -> list[AnswerData]:
    return [
        AnswerData(question(survey, "pay_comparison").pk, choice=option_id(survey, "pay_comparison", "worse")),
        AnswerData(question(survey, "support").pk, choice=option_id(survey, "support", "yes")),
        AnswerData(question(survey, "pay_differences").pk, text="Lower pay, no sick pay"),
    ]


def test_a_submission_is_one_statement_storing_every_answer_and_its_counts(survey):
    survey = Survey.objects.select_related("contract").get(pk=survey.pk)
    answers = _answers(survey)
    response_submit(survey=survey, answers=answers, contact=None)  # prepares the statement on this connection
    with CaptureQueriesContext(connection) as queries:
        response_submit(survey=survey, answers=answers, contact=None)
    assert len(queries.captured_queries) == 1
    assert queries.captured_queries[0]["sql"].startswith("EXECUTE surveys_response_store(")
    responses = list(Response.objects.filter(survey=survey))
    assert len(responses) == 2
    for response in responses:
        stored = {(a.question_id, a.row, a.choice, a.text) for a in Answer.objects.filter(response=response)}
        assert stored == {(a.question_id, a.row, a.choice, a.text) for a in answers}
        assert (response.source, response.submitted_on.weekday()) == ("online", 0)  # only the week, as before
    answer_randomly(survey, 25, seed=7)
    assert _counted(survey) == _from_raw(survey)
    assert _counted(survey)[0] == {"online": 27}


@pytest.mark.django_db(transaction=True)  # outside a transaction, as requests run: the failed EXECUTE aborts nothing
def test_a_statement_gone_from_the_session_is_prepared_again(branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    answer_randomly(survey, 2, seed=10)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a connection pooler's DISCARD ALL would
    answer_randomly(survey, 2, seed=11)
    assert _survey_by_token(survey.token).pk == survey.pk
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert _survey_by_token(survey.token).pk == survey.pk
    assert _counted(survey) == _from_raw(survey)
    assert _counted(survey)[0] == {"online": 4}


def test_ids_are_random_version_4_uuids_that_say_nothing_of_the_order(survey):
    answer_randomly(survey, 20, seed=8)
    ids = [*Response.objects.values_list("id", flat=True), *Answer.objects.values_list("id", flat=True)]
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.django_db(transaction=True)  # no test transaction around it: the statement commits by itself
def test_a_submission_that_fails_part_way_stores_nothing_at_all(branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    answer_randomly(survey, 5, seed=9)
    before = _counted(survey)
    # The last answer names a question that does not exist: its foreign key (deferred, as Django makes them)
    # fails when the statement's transaction commits, after the response, the other answers and every count
    # were written.
    broken = [*_answers(survey), AnswerData(question_id=10**9, choice=1)]
    with pytest.raises(IntegrityError):
        response_submit(survey=survey, answers=broken, contact=None)
    assert Response.objects.filter(survey=survey).count() == 5
    assert _counted(survey) == before == _from_raw(survey)


def test_a_submission_marks_the_branchs_dashboard_data_changed(survey, django_capture_on_commit_callbacks):
    before = freshness.generations([survey.contract.branch_id])
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(survey=survey, answers=_answers(survey), contact=None)
    assert freshness.generations([survey.contract.branch_id]) != before


def _client(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_limit_counts_every_submission_when_a_worker_holds_a_stale_secret(settings):
    assert type(caches["default"]).__name__ == "RedisCache"  # the one-round-trip path, as in production
    settings.SURVEY_SUBMIT_LIMIT = 4
    member = _client("192.0.2.10")
    assert ratelimit.allow_submission(member)
    # Another worker saw the cache flushed and made a new secret; this one still holds the old.
    ratelimit._KEPT[ratelimit._secret_key()] = b"a secret the cache no longer holds"
    assert ratelimit.allow_submission(member) and ratelimit.allow_submission(member)
    # Every count landed on the one counter named by the cache's secret.
    assert cache.get(ratelimit.client_key("192.0.2.10")) == 3
    assert ratelimit.allow_submission(member)
    assert not ratelimit.allow_submission(member)
    assert ratelimit.allow_submission(_client("192.0.2.11"))  # another address has its own counter


def test_the_limit_starts_again_when_the_secret_expires_and_counters_always_expire(settings):
    settings.SURVEY_SUBMIT_LIMIT = 2
    member = _client("192.0.2.20")
    assert ratelimit.allow_submission(member) and ratelimit.allow_submission(member)
    assert not ratelimit.allow_submission(member)
    key = cache.make_and_validate_key(ratelimit.client_key("192.0.2.20"))
    redis = cache._cache.get_client(key)
    assert 0 < redis.ttl(key) <= ratelimit.WINDOW_SECONDS
    redis.persist(key)  # left without an expiry by anything: the next count gives it one again
    assert not ratelimit.allow_submission(member)
    assert 0 < redis.ttl(key) <= ratelimit.WINDOW_SECONDS
    cache.delete(ratelimit._secret_key())  # a new day's secret names a new counter
    assert ratelimit.allow_submission(member)


def test_the_compiled_lookup_reads_the_survey_as_the_orm_does_and_fresh_each_time(survey):
    found = _survey_by_token(survey.token)
    expected = Survey.objects.select_related("contract__branch").get(pk=survey.pk)
    for got, want in (
        (found, expected),
        (found.contract, expected.contract),
        (found.contract.branch, expected.contract.branch),
    ):
        assert type(got) is type(want)
        assert {f.attname: getattr(got, f.attname) for f in got._meta.concrete_fields} == {
            f.attname: getattr(want, f.attname) for f in want._meta.concrete_fields
        }
    assert found.parts_version and not found._state.adding
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED, title="Closed now")
    again = _survey_by_token(survey.token)
    assert (again.status, again.title) == (Survey.Status.CLOSED, "Closed now")
    assert _survey_by_token("no-such-token") is None

"""The survey-submit benchmark's request really stores answers each time, and its goal reads throughput."""

import pytest

from bench.core import RateGoal, Result, compare
from bench.survey import submission, wrk_lua
from bench.web import _request
from surveys.models import Answer, Response
from surveys.tests.factories import make_survey


@pytest.mark.django_db(transaction=True)
def test_the_replayed_last_page_stores_one_response_each_time_and_thanks(live_server, branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    request = submission(live_server.url, survey.token)
    for _ in range(2):
        response, _ = _request(
            live_server.url, "POST", request["path"], headers=request["headers"], body=request["body"]
        )
        assert (response.status, response.getheader("Location")) == (302, f"/s/{survey.token}/thanks/")
    assert Response.objects.filter(survey=survey).count() == 2
    per_response = Answer.objects.filter(survey=survey).count() / 2
    assert per_response == int(per_response) > 7  # every page's answers, carried in the draft cookies


def test_the_wrk_script_escapes_everything_lua_could_misread():
    script = wrk_lua({"method": "POST", "body": 'a="b"\\\n', "headers": {"Cookie": "x=1; y=2"}})
    assert 'wrk.body = "a\\061\\034b\\034\\092\\010"' in script
    assert 'wrk.headers["Cookie"] = "x\\0611\\059\\032y\\0612"' in script


def _result(name, per_second, **kwargs):
    return Result(group="http", name=name, kind="http", samples=1, per_second=per_second, p50_ms=1, p95_ms=1, **kwargs)


@pytest.mark.parametrize(("per_second", "status"), [(500, "PASS"), (499, "MISS")])
def test_a_throughput_goal_is_met_at_half_the_floors_rate(per_second, status):
    floor = _result("floor", 1000, is_floor=True)
    submit = _result("submit", per_second, goal=RateGoal(0.5))
    compare([floor, submit])
    assert (submit.rate_ratio, submit.status) == (per_second / 1000, status)

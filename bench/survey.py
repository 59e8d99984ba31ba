"""Survey benchmarks: results for a large survey, and a submission for wrk.

`seed_results_survey` and `answer_plan` make the large survey (bench/peer_bench.py gives the peer the same answers).

In-process:  DJANGO_SETTINGS_MODULE=insourcing.settings DATABASE_URL=... python -m bench.survey
             seeds (once) a survey of 100,000 responses on the demo data, then times `survey_results()`
             (wall clock, and this process's CPU time: the machine may be shared).
Under wrk:   `make bench` (`scripts/bench.sh --only survey`) replays the last page of the demo survey (seed_demo's
             open survey on DEMO-CLEAN-01): `submission()` walks a member through the pages with plain HTTP,
             collecting the CSRF cookie and the signed draft cookies of the earlier pages, and returns the final
             POST, which stores one response each time it is sent and redirects to the thank-you page. The answers
             of the earlier pages travel in those cookies, so replaying that one POST is the whole cost of storing
             a response. bench/peer_bench.py replays it in rounds interleaved with the peer's submission
             (issue 21: at least 3x the peer's throughput, nothing lost). The server must allow it:
             scripts/bench.sh sets `SURVEY_SUBMIT_LIMIT` high, since wrk sends everything from one address.
"""

import os
import random
import statistics
import time
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

from .web import BenchError, Replay, WrkOptions, _request

RESPONSES = 100_000
BENCH_REFERENCE = "BENCH-SURVEY-01"
GOAL_MS = 200


def answer_items(questions) -> list[tuple]:
    """What one response can answer: (question, row id or None) for each question and each row of a matrix."""
    from surveys.models import Question

    items = []
    for q in questions:
        if q.kind == Question.Kind.MATRIX:
            items += [(q, r["id"]) for r in q.rows]
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN, Question.Kind.TEXT):
            items.append((q, None))
    return items


def answer_plan(questions, *, responses: int | None = None, answers: int | None = None) -> list[list[tuple]]:
    """Random answers, the same every time: per response, (item index, option index or text) for each answer.

    Choice questions are answered 92% of the time, every matrix row always, free text 20%. Stops after
    `responses` responses or once `answers` answers are planned. The peer gets the same plan (bench/peer_bench.py).
    """
    from surveys.models import Question

    rng = random.Random(7)
    items = answer_items(questions)
    plan, planned = [], 0
    while (responses is None or len(plan) < responses) and (answers is None or planned < answers):
        given = []
        for index, (q, row) in enumerate(items):
            if q.kind == Question.Kind.TEXT:
                if rng.random() < 0.2:
                    given.append((index, "Pay is lower"))
            elif row is not None or rng.random() < 0.92:
                given.append((index, rng.randrange(len(q.options))))
        plan.append(given)
        planned += len(given)
    return plan


def seed_results_survey(responses: int = RESPONSES, *, answers: int | None = None, reference: str = BENCH_REFERENCE):
    """A closed survey with random answers (answer_plan) to every question, made once (bulk insert).

    Either `responses` responses, or as many as it takes to hold `answers` answers.
    """
    from django.db import connection, transaction

    from contracts.models import Contract, PublicAuthority
    from insourcing.models import Branch
    from surveys.counts import rebuild
    from surveys.models import Answer, Response, Survey
    from surveys.services import survey_create

    branch = Branch.objects.get(slug="demo-city")
    authority, _ = PublicAuthority.objects.get_or_create(branch=branch, name="Demo City Council")
    contract, _ = Contract.objects.get_or_create(
        branch=branch,
        reference=reference,
        defaults={"authority": authority, "service": "Bench cleaning", "staff_count": 150_000},
    )
    survey = Survey.objects.filter(contract=contract).first() or survey_create(contract=contract, user=None)
    if Response.objects.filter(survey=survey).exists():
        return survey
    questions = list(survey.questions.asked())
    items = answer_items(questions)
    plan = answer_plan(questions, responses=None if answers else responses, answers=answers)
    with transaction.atomic():
        for start in range(0, len(plan), 5_000):
            chunk = plan[start : start + 5_000]
            batch = Response.objects.bulk_create(Response(survey=survey, source="online") for _ in chunk)
            rows = []
            for response, given in zip(batch, chunk, strict=True):
                for index, value in given:
                    q, row = items[index]
                    if isinstance(value, str):
                        rows.append(Answer(survey=survey, response=response, question=q, text=value))
                    else:
                        choice = q.options[value]["id"]
                        rows.append(Answer(survey=survey, response=response, question=q, row=row, choice=choice))
            Answer.objects.bulk_create(rows, batch_size=10_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do: fresh statistics and visibility map
            cursor.execute(f"VACUUM ANALYZE {Answer._meta.db_table}")
            cursor.execute(f"VACUUM ANALYZE {Response._meta.db_table}")
    rebuild(survey)  # the bulk load bypassed the running counts that submissions keep
    return survey


def run_results(responses: int = RESPONSES, repeat: int = 20) -> dict:
    """Median and p95 milliseconds of the whole results computation (counts, cross-tabs, suppression)."""
    from surveys.models import Survey
    from surveys.results import survey_results

    survey = Survey.objects.with_names().get(pk=seed_results_survey(responses).pk)
    results = survey_results(survey)
    if results.responses != responses:
        raise RuntimeError(f"expected {responses} responses, found {results.responses}")
    timings, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        survey_results(survey)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    timings.sort()
    return {
        "responses": responses,
        "answers": _answer_count(survey),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)],
        "cpu_p50_ms": statistics.median(cpu),
        "goal_ms": GOAL_MS,
    }


def _answer_count(survey) -> int:
    from surveys.models import Answer

    return Answer.objects.filter(survey=survey).count()


class _Walker:
    """A member with a cookie jar, speaking plain HTTP to the server (no redirects followed)."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        request.add_header("Cookie", self.cookie_header())
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request)
        except urllib.error.HTTPError as error:  # 302s arrive here
            response = error
        self.location = response.headers.get("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items() if v)


def submission(base_url: str, token: str) -> dict:
    """The final POST of a complete survey, ready for wrk: {"method", "path", "headers", "body"}.

    Answers every choice question with its last option ("No", "Prefer not to say", "Don't know": question
    13's "Yes" would need contact details) on every page; the last page is not sent here.
    """
    import re

    walker = _Walker(base_url)
    status, html = walker.request("GET", f"/s/{token}/")
    if status != 200:
        raise RuntimeError(f"the survey's start page answered {status}")
    csrf = walker.cookies["csrftoken"]
    page, last_body = 1, None
    while True:
        status, html = walker.request("GET", f"/s/{token}/{page}/")
        if status != 200:
            raise RuntimeError(f"page {page} answered {status}")
        data = {"csrfmiddlewaretoken": csrf, "action": "next"}
        for name, value in re.findall(r'type="radio" name="([^"]+)" value="(\d+)"', html):
            data[name] = value
        if "Send my answers" in html:
            last_body = urllib.parse.urlencode(data)
            break
        status, _ = walker.request("POST", f"/s/{token}/{page}/", data)
        if status != 302:
            raise RuntimeError(f"page {page} was not accepted ({status})")
        page = int(walker.location.rstrip("/").rsplit("/", 1)[-1])  # pages the answers skip are not visited
    return {
        "method": "POST",
        "path": f"/s/{token}/{page}/",
        "headers": {"Cookie": walker.cookie_header(), "Content-Type": "application/x-www-form-urlencoded"},
        "body": last_body,
    }


def _lua_string(text: str) -> str:
    """A Lua literal of the text's UTF-8 bytes, every byte but ASCII letters and digits escaped (Lua's \\ddd)."""
    return '"' + "".join(chr(b) if b < 128 and chr(b).isalnum() else f"\\{b:03d}" for b in text.encode()) + '"'


def wrk_lua(request: dict) -> str:
    """A wrk script that replays the submission and counts the responses by status (and redirect target)."""
    lines = [f"wrk.method = {_lua_string(request['method'])}", f"wrk.body = {_lua_string(request['body'])}"]
    lines += [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in request["headers"].items()]
    lines += [
        "statuses = {}",
        "response = function(status, headers, body)",
        "  local key = tostring(status)",
        '  if status >= 300 and status < 400 then key = key .. " " .. (headers["Location"] or "?") end',
        "  statuses[key] = (statuses[key] or 0) + 1",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _demo_survey():
    """seed_demo's open survey of the DEMO-CLEAN-01 cleaning workforce."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    from surveys.models import Survey

    survey = Survey.objects.filter(
        contract__branch__slug="demo-city", contract__reference="DEMO-CLEAN-01", status=Survey.Status.OPEN
    ).first()
    if survey is None:
        raise BenchError("No open survey on DEMO-CLEAN-01: was seed_demo run?")
    return survey


def _stored(survey) -> tuple[int, int]:
    """(responses, answers) stored for the survey, once submissions still in the server have finished.

    wrk stops with requests in flight; the server stores them after wrk has gone (up to one per connection).
    """
    from surveys.models import Answer, Response

    def count():
        return Response.objects.filter(survey=survey).count(), Answer.objects.filter(survey=survey).count()

    # Settled means unchanged for a whole second (four polls): on a loaded machine a queued request can take
    # longer than one poll interval to reach the database.
    last, steady = count(), 0
    for _ in range(100):
        time.sleep(0.25)
        now = count()
        steady = steady + 1 if now == last else 0
        if steady == 4:
            return now
        last = now
    raise BenchError("Responses were still being stored 25 s after wrk stopped")


def submit_replay(base_url: str, options: WrkOptions) -> Replay:
    survey = _demo_survey()
    request = submission(base_url, survey.token)
    thanks_path = f"/s/{survey.token}/thanks/"
    per_response = {}

    def check():
        """One submission now: a redirect to the thank-you page, which says thank you, and exactly one response."""
        before = _stored(survey)
        response, page = _request(base_url, "POST", request["path"], headers=request["headers"], body=request["body"])
        location = response.getheader("Location", "")
        if response.status != 302 or location != thanks_path:
            raise BenchError(f"The survey's last page answered {response.status} ({location or page[:300]!r})")
        response, page = _request(base_url, "GET", location)
        if response.status != 200 or "Thank you" not in page:
            raise BenchError(f"The thank-you page answered {response.status}: {page[:300]!r}")
        after = _stored(survey)
        if after[0] - before[0] != 1 or after[1] == before[1]:
            raise BenchError(f"One submission stored {after[0] - before[0]} responses, {after[1] - before[1]} answers")
        per_response["answers"] = after[1] - before[1]

    def verify(before, stats) -> dict:
        after = _stored(survey)
        responses, answers = after[0] - before[0], after[1] - before[1]
        thanked = stats["statuses"].get(f"302 {thanks_path}", 0)
        others = {k: n for k, n in stats["statuses"].items() if k != f"302 {thanks_path}"}
        if others or thanked != stats["requests"]:
            raise BenchError(f"{thanked} of {stats['requests']} submissions thanked; other responses: {others}")
        # Each thanked request was stored before its redirect; a few more were in flight when wrk stopped.
        if not stats["requests"] <= responses <= stats["requests"] + options.connections:
            raise BenchError(f"wrk saw {stats['requests']} submissions thanked but {responses} responses were stored")
        if answers != responses * per_response["answers"]:
            raise BenchError(f"{responses} responses stored {answers} answers, not {per_response['answers']} each")
        return {"responses_stored": responses, "answers_stored": answers, "statuses": stats["statuses"]}

    return Replay(
        path=request["path"],
        script=wrk_lua(request),
        check=check,
        begin=lambda: _stored(survey),
        verify=verify,
    )


# Measured by bench/peer_bench.py in rounds interleaved with the peer's submission (issue 21), not alone.


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    result = run_results()
    verdict = "PASS" if result["p50_ms"] < GOAL_MS else "MISS"
    print(
        f"survey results for {result['responses']:,} responses ({result['answers']:,} answers): "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms "
        f"(this process's CPU p50 {result['cpu_p50_ms']:.0f} ms), goal < {GOAL_MS} ms: {verdict}"
    )

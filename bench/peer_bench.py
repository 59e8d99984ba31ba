"""The survey against the peer, django-survey-and-report, in its own venv and database (issue 21).

Submission: the app's last survey page POST (bench/survey.py: the answers of the earlier pages ride in signed
cookies) against the peer's one-page survey POST, both storing the same 12 answers to the same questions. The
peer's survey is made from the app's: one radio question per answer a submission stores (a matrix row becomes a
question, as the peer has no matrix), with the same options, answered with the same option. wrk replays each in
interleaved rounds at the same load (bench/pairs.py). Every round must be all redirects to the thank-you (app) or
confirmation (peer) page, with as many responses and answers stored as wrk counted: nothing lost. Goal: at least
3x the peer's throughput.

Results: the app's results page computation (`surveys.results.survey_results`) for a survey holding about 100,000
answers, against the peer's results export (its CSV, `Survey2Csv`) for the same answers to the same questions,
both timed in process with their PostgreSQL backend's CPU. Goal: at most 1/1000 of the peer's CPU.
"""

import json
import os
import re
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

from . import pairs
from .core import Result
from .goals import GoalRow
from .pairs import Side, interleave
from .survey import _demo_survey, _lua_string, _Walker, answer_items, answer_plan, seed_results_survey, submit_replay
from .web import BenchError, WrkOptions

ROOT = Path(__file__).resolve().parent.parent
SUBMIT_GOAL = 3.0
RESULTS_GOAL = 1 / 1000
PEER = "django-survey-and-report 1.5 (own venv and database)"
RESULTS_REFERENCE = "BENCH-SURVEY-ANSWERS"


class Peer:
    """The peer's interpreter and database, reached through bench/peer/tool.py."""

    def __init__(self, python: str):
        self.python = python

    def tool(self, command: str, request: dict, timeout: int = 1800) -> dict:
        done = subprocess.run(
            [self.python, "-m", "bench.peer.tool", command],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.peer.settings"},
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"The peer's tool ({command}) failed: {done.stderr.strip()[-500:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def _slug(label: str) -> str:
    from django.utils.text import slugify

    return slugify(label.replace(",", ";"), allow_unicode=True)


def _labels(question) -> list[str]:
    # Free text becomes the peer's text question (no choices).
    return [] if question.kind == question.Kind.TEXT else [o["label"] for o in question.options]


def _question_text(question, row) -> str:
    if row is None:
        return question.text
    label = next((r["label"] for r in question.rows if r["id"] == row), str(row))
    return f"{question.text} – {label}"


def _peer_submission(peer: Peer, peer_url: str, survey) -> tuple[Side, dict]:
    """The peer's survey with the questions one app submission answers, and its POST, ready for wrk."""
    from surveys.models import Answer, Response

    last = Response.objects.filter(survey=survey).order_by("-pk").first()
    answers = list(
        Answer.objects.filter(response=last).select_related("question").order_by("question__position", "row")
    )
    spec = [
        {"text": _question_text(a.question, a.row), "choices": [o["label"] for o in a.question.options]}
        for a in answers
    ]
    made = peer.tool("survey", {"name": "Bench submission survey", "questions": spec})
    walker = _Walker(peer_url)
    path = f"/survey/{made['survey']}/"
    status, html = walker.request("GET", path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token:
        raise BenchError(f"The peer's survey page answered {status} without a form")
    form = {"csrfmiddlewaretoken": token.group(1)}
    for question_id, answer in zip(made["questions"], answers, strict=True):
        form[f"question_{question_id}"] = _slug(answer.question.option_label(answer.choice))
    body = urlencode(form)
    headers = {"Cookie": walker.cookie_header(), "Content-Type": "application/x-www-form-urlencoded"}
    lines = [f"wrk.method = {_lua_string('POST')}", f"wrk.body = {_lua_string(body)}"]
    lines += [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()]
    lines += [
        "statuses = {}",
        "response = function(status, headers, body)",
        "  local key = tostring(status)",
        '  local location = headers["Location"] or ""',
        '  if location:find("/survey/confirm/", 1, true) then key = key .. " confirmation" end',
        "  statuses[key] = (statuses[key] or 0) + 1",
        "end",
    ]
    survey_id, per_response = made["survey"], len(answers)

    def stored():
        counted = peer.tool("count", {"survey": survey_id})
        return counted["responses"], counted["answers"]

    def settled():
        last, steady = stored(), 0
        for _ in range(40):
            time.sleep(0.25)
            now = stored()
            steady = steady + 1 if now == last else 0
            if steady == 2:
                return now
            last = now
        raise BenchError("The peer was still storing responses 10 s after wrk stopped")

    def verify(before, stats):
        after = settled()
        responses, answers_stored = after[0] - before[0], after[1] - before[1]
        thanked = stats["statuses"].get("302 confirmation", 0)
        others = {k: n for k, n in stats["statuses"].items() if k != "302 confirmation"}
        if others or thanked != stats["requests"]:
            raise BenchError(f"Peer: {thanked} of {stats['requests']} submissions confirmed; others: {others}")
        if not stats["requests"] <= responses <= stats["requests"] + 64:
            raise BenchError(f"Peer: wrk saw {stats['requests']} submissions confirmed but {responses} were stored")
        if answers_stored != responses * per_response:
            raise BenchError(f"Peer: {responses} responses stored {answers_stored} answers, not {per_response} each")
        return {"responses_stored": responses, "answers_stored": answers_stored}

    side = Side("peer", peer_url + path, {}, script="\n".join(lines) + "\n", begin=settled, verify=verify)
    return side, {"path": path, "answers_per_submission": per_response}


def submissions(
    base_url: str,
    peer_url: str | None,
    peer: Peer | None,
    *,
    options: WrkOptions,
    rounds: int,
    server_pids: frozenset[int],
    skipped: str = "",
    progress=print,
) -> tuple[list[GoalRow], list[Result]]:
    name = "survey submission (stores 12 answers)"
    try:
        replay = submit_replay(base_url, options)
        replay.check()  # one submission now: the peer's survey copies the questions it answered
        ours = Side("app", base_url + replay.path, {}, script=replay.script, begin=replay.begin, verify=replay.verify)
        sides = [ours]
        peer_detail = {}
        if peer is not None and not skipped:
            peer_side, peer_detail = _peer_submission(peer, peer_url, _demo_survey())
            sides.append(peer_side)
        progress(f"  survey submission{' against the peer' if len(sides) > 1 else ''}: {rounds} interleaved rounds")
        totals = interleave(sides, options=options, rounds=rounds, server_pids=server_pids)
        replay.check()
    except BenchError as error:
        return [GoalRow(name, "submissions/s", None, PEER, None, SUBMIT_GOAL, at_least=True, error=str(error))], []
    app = totals["app"]
    results = [pairs.result("survey submit (last page POST, stores a response)", replay.path, app)]
    lost = f"0 lost: every submission redirected and stored ({sum(r['responses_stored'] for r in app.rounds)} app"
    row = GoalRow(name, "submissions/s", app.per_second, PEER, None, SUBMIT_GOAL, at_least=True, skipped=skipped)
    row.detail = {"app_cpu_ms": app.cpu_ms, "app_stored": app.rounds}
    if "peer" in totals:
        other = totals["peer"]
        results.append(pairs.result("peer: django-survey-and-report one-page POST", peer_detail["path"], other))
        row.anchor_value = other.per_second
        row.detail |= {"peer_cpu_ms": other.cpu_ms, "peer_stored": other.rounds, **peer_detail}
        peer_stored = sum(r["responses_stored"] for r in other.rounds)
        row.note = f"{lost}, {peer_stored} peer); CPU per submission {app.cpu_ms:.1f} ms vs {other.cpu_ms:.1f} ms"
        if app.errors or other.errors:
            row.error = f"{app.errors + other.errors} failed requests"
    return [row], results


def results(peer: Peer | None, *, answers: int, peer_runs: int, repeat: int, skipped: str = "", progress=print):
    """Issue 21's results row: the app's results computation against the peer's export, same answers."""
    from surveys.models import Answer, Survey
    from surveys.results import survey_results

    from .inprocess import backend_cpu, backend_cpu_since

    name = f"survey results, {answers:,} answers"
    metric = "CPU ms (process + PostgreSQL)"
    try:
        progress(f"  survey results for {answers:,} answers: seeding")
        survey = Survey.objects.with_names().get(
            pk=seed_results_survey(answers=answers, reference=RESULTS_REFERENCE).pk
        )
        stored = Answer.objects.filter(survey=survey).count()
        questions = list(survey.questions.asked())

        def ours(runs):
            wall, cpu = [], []
            for _ in range(runs):
                backend = backend_cpu()
                start, start_cpu = time.perf_counter(), time.process_time()
                survey_results(survey)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu + backend_cpu_since(backend)) * 1000)
            return wall, cpu

        ours(3)  # warm-up
        wall, cpu = ours(repeat // 2)
        peer_figures = None
        if peer is not None and not skipped:
            items = answer_items(questions)
            spec = [
                # Free text becomes the peer's text question (no choices).
                {
                    "text": _question_text(q, row),
                    "choices": [] if q.kind == q.Kind.TEXT else [o["label"] for o in q.options],
                }
                for q, row in items
            ]
            made = peer.tool("survey", {"name": "Bench results survey", "questions": spec})
            plan = answer_plan(questions, answers=answers)
            loaded = peer.tool("answers", {"survey": made["survey"], "responses": plan})
            if loaded["answers"] != stored:
                raise BenchError(f"The peer holds {loaded['answers']} answers, the app {stored}: not the same data")
            progress(f"  the peer's results export ({loaded['answers']:,} answers), {peer_runs} run(s)")
            peer_figures = peer.tool("export", {"survey": made["survey"], "runs": peer_runs}, timeout=3600)
        more_wall, more_cpu = ours(repeat - repeat // 2)
        wall, cpu = wall + more_wall, cpu + more_cpu
    except BenchError as error:
        return [GoalRow(name, metric, None, "the peer's results export", None, RESULTS_GOAL, error=str(error))]
    row = GoalRow(
        name,
        metric,
        statistics.median(cpu),
        "the peer's results export (CSV)",
        statistics.median(peer_figures["cpu_ms"]) if peer_figures else None,
        RESULTS_GOAL,
        skipped=skipped,
        detail={"answers": stored, "wall_ms": wall, "cpu_ms": cpu, "peer": peer_figures},
    )
    if peer_figures:
        row.note = (
            f"{stored:,} answers in both; wall time {statistics.median(wall):.0f} ms vs "
            f"{statistics.median(peer_figures['wall_ms']) / 1000:.1f} s"
        )
    return [row]

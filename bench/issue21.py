"""Issue 21's goal rows, gathered for the last table `make bench` prints (bench/goals.py).

- contract list, 50 rows, region scale: CPU at most 0.5x Django admin's changelist, same rows and columns;
- every other list page: at most 0.5x the admin changelist for its model;
- campaign plan, 500 rows: at most 40 ms CPU per request and 200 KB of HTML;
- organiser dashboard, first load after one branch's change (one of its 30 branches marked changed, as one
  officer's save does): at most 2x the CPU of the password-change page; its first load of the day (every branch
  changed) is printed beside it for information, with no goal;
- survey submission: at least 3x the throughput of django-survey-and-report (own venv and database), 0 lost;
- survey results, 100,000 answers: at most 1/1000 of the CPU of the peer's results export.

The list pages and the plan page are measured against gunicorn in blocks of requests, each answered before the
servers' CPU is read (bench/pairs.py: blocks; CPU of gunicorn workers plus PostgreSQL backends per request), the
submission by wrk at the same load on both servers (bench/peer_bench.py); the dashboard's first loads in process
(each run needs the data marked changed first, bench/dashboards.py), with the password-change page measured
alongside; the results in process.
"""

from . import pairs
from .core import Result
from .goals import GoalRow
from .web import BenchError, _request, login

PLAN_CPU_GOAL_MS = 40
PLAN_HTML_GOAL_KB = 200  # KB of 1,000 bytes
DASHBOARD_GOAL = 2.0
DASHBOARD_FIRST_LOAD = "dashboard, scale data (organiser), first load after one branch's change"
DASHBOARD_FIRST_OF_DAY = "dashboard, scale data (organiser), first load of the day (every branch changed)"
PASSWORD_CHANGE = "reference for the scale dashboards: password change form (signed in)"
PLAN_NAME = "campaign plan page, 500 rows (its officer, under gunicorn)"


def plan_rows(base_url: str, **blocks) -> tuple[list[GoalRow], list[Result]]:
    """The plan page bench.seed made ("Bench plan" branch), as its officer: CPU per request and HTML size."""
    from campaigns.models import Campaign

    from .seed import PLAN_OFFICER

    name = "campaign plan, 500 rows"
    campaign = Campaign.objects.filter(branch__slug="bench-plan", name="Bench campaign").first()
    if campaign is None:
        error = "No bench plan campaign: was `python -m bench.seed --scale` run?"
        return [GoalRow(name, "CPU ms per request", None, "-", None, PLAN_CPU_GOAL_MS, error=error)], []
    path = campaign.get_absolute_url()
    try:
        headers = {"Cookie": f"sessionid={login(base_url, PLAN_OFFICER)}"}
        response, html = _request(base_url, "GET", path, headers=headers)
        if response.status != 200 or "Bench campaign" not in html:
            raise BenchError(f"{path} answered {response.status}: {html[:300]!r}")
        totals = pairs.blocks([("plan", base_url, path, headers)], concurrency=2, **blocks)
    except BenchError as error:
        return [GoalRow(name, "CPU ms per request", None, "-", None, PLAN_CPU_GOAL_MS, error=str(error))], []
    plan = totals["plan"]
    size_kb = len(html.encode()) / 1000
    detail = {"path": path, "per_second": plan.per_second, "p50_ms": plan.p50_ms[0], "html_bytes": len(html.encode())}
    rows = [
        GoalRow(name, "CPU ms per request", plan.cpu_ms, "-", None, PLAN_CPU_GOAL_MS, detail=detail),
        GoalRow(name, "KB of HTML (1,000 bytes)", size_kb, "-", None, PLAN_HTML_GOAL_KB, detail=detail),
    ]
    return rows, [pairs.result(PLAN_NAME, path, plan, html_bytes=len(html.encode()))]


def dashboard_rows(results: list[Result]) -> list[GoalRow]:
    """The goal row, then the first load of the day against the same anchor, for information (no goal)."""
    anchor = next((r for r in results if r.name == PASSWORD_CHANGE), None)
    if anchor is None:
        return []
    rows = []
    for name, measure, limit, note in [
        (
            DASHBOARD_FIRST_LOAD,
            "organiser dashboard, first load after one branch's change (30 branches)",
            DASHBOARD_GOAL,
            "",
        ),
        (
            DASHBOARD_FIRST_OF_DAY,
            "organiser dashboard, first load of the day (all 30 branches changed)",
            None,
            "for information, no goal: every branch's row computed, as after midnight",
        ),
    ]:
        first = next((r for r in results if r.name == name), None)
        if first is None:
            continue
        rows.append(
            GoalRow(
                measure,
                "CPU ms (process + PostgreSQL)",
                first.cpu_ms,
                "password-change page (signed in)",
                anchor.cpu_ms,
                limit,
                note=note,
                detail={"runs": first.samples, "p50_ms": first.p50_ms, "anchor_p50_ms": anchor.p50_ms},
            )
        )
    return rows

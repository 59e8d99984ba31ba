"""Issue 21's goal rows, gathered for the last table `make bench` prints (bench/goals.py).

- contract list, 50 rows, region scale: CPU at most 0.5x Django admin's changelist, same rows and columns;
- every other list page: at most 0.5x the admin changelist for its model;
- campaign plan, 500 rows: at most 40 ms CPU per request and 200 KB of HTML;
- organiser dashboard, first load after a change: at most 2x the CPU of the password-change page;
- survey submission: at least 3x the throughput of django-survey-and-report (own venv and database), 0 lost;
- survey results, 100,000 answers: at most 1/1000 of the CPU of the peer's results export.

The list pages and the submission are measured by wrk against gunicorn (bench/lists.py, bench/peer_bench.py);
the plan page by wrk too (CPU of gunicorn workers plus PostgreSQL backends per request, and the page's size);
the dashboard's first load after a change in process (each run needs the data marked changed first), with the
password-change page measured alongside; the results in process.
"""

from .core import Result
from .goals import GoalRow
from .web import BenchError, Endpoint, _request, login

PLAN_CPU_GOAL_MS = 40
PLAN_HTML_GOAL_KB = 200  # KB of 1,000 bytes
DASHBOARD_GOAL = 2.0
DASHBOARD_FIRST_LOAD = "dashboard, scale data (organiser), first load after a change"
PASSWORD_CHANGE = "reference for the scale dashboards: password change form (signed in)"
PLAN_NAME = "campaign plan page, 500 rows (its officer, under gunicorn)"


def plan_endpoint() -> Endpoint:
    """The plan page bench.seed made ("Bench plan" branch), for wrk, as its officer."""
    from campaigns.models import Campaign

    from .seed import PLAN_OFFICER

    campaign = Campaign.objects.filter(branch__slug="bench-plan", name="Bench campaign").first()
    if campaign is None:
        raise BenchError("No bench plan campaign: was `python -m bench.seed --scale` run?")
    return Endpoint(PLAN_NAME, campaign.get_absolute_url(), expect="Bench campaign", login=PLAN_OFFICER)


def plan_rows(base_url: str, results: list[Result]) -> list[GoalRow]:
    measured = next((r for r in results if r.name == PLAN_NAME), None)
    if measured is None:
        return []
    endpoint = plan_endpoint()
    session = login(base_url, endpoint.login)
    response, html = _request(base_url, "GET", endpoint.path, headers={"Cookie": f"sessionid={session}"})
    if response.status != 200:
        raise BenchError(f"{endpoint.path} answered {response.status}")
    size_kb = len(html.encode()) / 1000
    return [
        GoalRow("campaign plan, 500 rows", "CPU ms per request", measured.cpu_ms, "-", None, PLAN_CPU_GOAL_MS),
        GoalRow("campaign plan, 500 rows", "KB of HTML", size_kb, "-", None, PLAN_HTML_GOAL_KB),
    ]


def dashboard_rows(results: list[Result]) -> list[GoalRow]:
    first = next((r for r in results if r.name == DASHBOARD_FIRST_LOAD), None)
    anchor = next((r for r in results if r.name == PASSWORD_CHANGE), None)
    if first is None or anchor is None:
        return []
    return [
        GoalRow(
            "organiser dashboard, first load after a change (30 branches)",
            "CPU ms (process + PostgreSQL)",
            first.cpu_ms,
            "password-change page (signed in)",
            anchor.cpu_ms,
            DASHBOARD_GOAL,
            detail={"runs": first.samples, "p50_ms": first.p50_ms, "anchor_p50_ms": anchor.p50_ms},
        )
    ]

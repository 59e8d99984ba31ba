"""Feature measures: letters and reports against WeasyPrint's floor, pages against the trivial view.

Each prepares its data once (make bench runs on a throwaway database) and returns the callable to time.
"""

import uuid

from .core import Goal
from .inprocess import measure


@measure("pdf", "FoI letter (template + PDF)", goal=Goal(1.5))
def foi_letter():
    from insourcing.pdf import html_to_pdf

    from .foi_letter import _letter_html

    html = _letter_html()
    return lambda: html_to_pdf(html)


@measure("pdf", "T&C comparison report, 5 pages (template + PDF)", goal=Goal(4.0))
def comparison_report():
    from insourcing.pdf import html_to_pdf

    from .comparison_report import _report_html

    html = _report_html()
    return lambda: html_to_pdf(html)


def _client_for_new_officer(branch):
    from django.test import Client

    from insourcing.models import BranchOfficer, User

    from .campaign_plan import _host

    officer = User.objects.create_user(email=f"bench-{uuid.uuid4().hex[:8]}@example.org")
    BranchOfficer.objects.create(user=officer, branch=branch)
    client = Client(HTTP_HOST=_host())
    client.force_login(officer)
    return client


@measure("pages (Django test client)", "floor: /robots.txt", floor=True)
def robots_floor():
    from django.test import Client

    from .campaign_plan import _host

    client = Client(HTTP_HOST=_host())
    return lambda: client.get("/robots.txt")


@measure("pages (Django test client)", "campaign plan page, 500 rows")
def campaign_plan_page():
    from .campaign_plan import _scratch_branch, campaign_with_rows

    _, branch = _scratch_branch("plan")
    campaign = campaign_with_rows(branch, 500)
    client = _client_for_new_officer(branch)
    url = campaign.get_absolute_url()
    if client.get(url).status_code != 200:
        raise RuntimeError("The plan page did not load")
    return lambda: client.get(url)


def run_jobs() -> tuple[list[str], bool]:
    """One-shot jobs with absolute goals from the issues: a 10,000-row import, the first PDF after a worker starts
    and 10,000 due reminders.

    Returns the report lines and whether every job ran without error (a goal MISS is not an error).
    """
    from . import campaign_plan, first_pdf, import_register

    lines, ok = [], True
    try:
        seconds = import_register.run()
        lines.append(f"import of a 10,000-row register: {seconds:.1f} s (goal under 10 s: {_verdict(seconds < 10)})")
    except Exception as exc:
        ok = False
        lines.append(f"import of a 10,000-row register: ERROR {type(exc).__name__}: {exc}")
    try:
        worker = import_register.run_worker()
        steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in worker["steps"].items())
        ok = ok and worker["status"] == "applied" and worker["new"] == import_register.ROWS
        lines.append(
            f"import of a 10,000-row register in the worker (read and preview, dry run, apply): "
            f"{worker['cpu']:.1f} s worker CPU ({steps}; {worker['wall']:.1f} s wall; {worker['new']} new) "
            f"(goal under {import_register.WORKER_GOAL_SECONDS:g} s, was 6.5 s: "
            f"{_verdict(worker['cpu'] < import_register.WORKER_GOAL_SECONDS)})"
        )
    except Exception as exc:
        ok = False
        lines.append(f"import of a 10,000-row register in the worker: ERROR {type(exc).__name__}: {exc}")
    try:
        lines.append(first_pdf.line(first_pdf.run()))
    except Exception as exc:
        ok = False
        lines.append(f"one-page letter, click to download link: ERROR {type(exc).__name__}: {exc}")
    try:
        reminders = campaign_plan.run_reminders()
        lines.append(
            f"{reminders['name']}: {reminders['seconds']:.1f} s, each sent once "
            f"(goal under {reminders['goal_seconds']} s: {_verdict(reminders['met'])})"
        )
    except Exception as exc:
        ok = False
        lines.append(f"10,000 due reminders: ERROR {type(exc).__name__}: {exc}")
    return lines, ok


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"

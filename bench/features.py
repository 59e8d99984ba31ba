"""Feature measures: letters and reports against WeasyPrint's floor, pages against the trivial view.

Each prepares its data once (make bench runs on a throwaway database) and returns the callable to time.
"""

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


@measure("pages (Django test client)", "floor: /robots.txt", floor=True)
def robots_floor():
    from django.test import Client

    from .campaign_plan import _host

    client = Client(HTTP_HOST=_host())
    return lambda: client.get("/robots.txt")


# The campaign plan page with 500 rows is measured under gunicorn (bench/issue21.py: plan_rows), CPU of the worker
# and PostgreSQL per request and the page's size, against issue 21's absolute goals.


def run_jobs(only: list[str] = ()) -> tuple[list[str], bool]:
    """One-shot jobs with absolute goals from the issues: a 10,000-row import, the first PDF after a worker starts
    and 10,000 due reminders.

    `only`: run just the jobs whose name contains one of these (`--only import`, `--only reminders`).
    Returns the report lines and whether every job ran without error (a goal MISS is not an error).
    """
    jobs = {"import": _import_jobs, "first-pdf": _first_pdf_job, "reminders": _reminder_job}
    lines, ok = [], True
    for name, job in jobs.items():
        if not only or any(word.lower() in name for word in only):
            job_lines, job_ok = job()
            lines += job_lines
            ok = ok and job_ok
    return lines, ok


def _import_jobs() -> tuple[list[str], bool]:
    from . import import_register

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
    return lines, ok


def _first_pdf_job() -> tuple[list[str], bool]:
    from . import first_pdf

    try:
        return [first_pdf.line(first_pdf.run())], True
    except Exception as exc:
        return [f"one-page letter, click to download link: ERROR {type(exc).__name__}: {exc}"], False


def _reminder_job() -> tuple[list[str], bool]:
    from . import campaign_plan

    try:
        reminders = campaign_plan.run_reminders()
    except Exception as exc:
        return [f"10,000 due reminders: ERROR {type(exc).__name__}: {exc}"], False
    return [
        f"{reminders['name']}: {reminders['seconds']:.1f} s, each sent once "
        f"(goal under {reminders['goal_seconds']} s: {_verdict(reminders['met'])})"
    ], True


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"

"""Click to download link for a one-page letter, the first PDF after a worker starts and the next one (issue #16).

Starts a fresh Celery worker (prefork, 2 processes, as `make run` and production run it) on the bench database and
broker, then does what the browser does in a web process that has just started (the WSGI module loaded, the FoI
request page opened once): POSTs the request's "PDF" button as an officer, opens the status page
it is sent to, and asks again after each delay the page gives (`data-hx-trigger="load delay:...ms"`) until the
fragment shows the download link. The anchor is WeasyPrint rendering the same letter's HTML in this process, in the
same run: the ratio says what the queue, the worker and the polling add to the render itself.

    make bench                      (prints it with the one-shot jobs)
    python -m bench.first_pdf       (with DATABASE_URL and REDIS_URL of a migrated, seeded database)

Goal (#16): under 1.5 s from click to link, including the first PDF after the worker starts.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

GOAL_SECONDS = 1.5
ROOT = Path(__file__).resolve().parents[1]
DELAY = re.compile(r'data-hx-get="([^"]+)"[^>]*data-hx-trigger="load delay:(\d+)ms"')


def _start_worker(log_path: Path) -> subprocess.Popen:
    name = f"bench-first-pdf-{uuid.uuid4().hex[:6]}@%h"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "insourcing", "worker", "--concurrency=2", "-n", name, "-l", "INFO"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"The worker did not start:\n{log_path.read_text()[-2000:]}")
        time.sleep(0.1)
    return process


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _queue_empty(timeout: float = 60) -> None:
    """Wait until the worker has taken what waited in the broker (jobs the demo data queued), so the click's job
    is not measured behind someone else's."""
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    import redis

    connection = redis.Redis.from_url(settings.REDIS_URL)
    deadline = time.monotonic() + timeout
    while connection.llen("celery") and time.monotonic() < deadline:
        time.sleep(0.1)


def _officer_client(branch):
    from django.test import Client

    from insourcing.models import BranchOfficer, User

    from .campaign_plan import _host

    officer = User.objects.create_user(email=f"bench-pdf-{uuid.uuid4().hex[:8]}@example.org")
    BranchOfficer.objects.create(user=officer, branch=branch)
    client = Client(HTTP_HOST=_host())
    client.force_login(officer)
    return client, officer


def _letter_source():
    """A demo FoI request whose letter is complete (no placeholder left to fill), as the PDF button needs."""
    from contracts.foi.compose import compose
    from contracts.models import FoIRequest, LetterKind

    for foi in FoIRequest.objects.select_related("branch", "authority").order_by("pk"):
        if not compose(foi, LetterKind.REQUEST).unfilled:
            return foi
    raise RuntimeError("No FoI request in the demo data has a complete letter")


def click_to_link(client, foi) -> dict:
    """Seconds from the POST of the PDF button to the response that shows the download link."""
    from insourcing.models import GeneratedDocument

    if client.get(f"/foi/{foi.pk}/").status_code != 200:  # the page the button is on, as the person sees it first
        raise RuntimeError("The FoI request page did not load")
    started = time.perf_counter()
    response = client.post(f"/foi/{foi.pk}/pdf/", {"letter": "request"})
    if response.status_code != 302:
        raise RuntimeError(f"The PDF button answered {response.status_code}")
    url, headers, polls = response["Location"], {}, 0
    while True:
        page = client.get(url, headers=headers).content.decode()
        if "/download/" in page:
            break
        if "could not be made" in page:
            raise RuntimeError("The PDF failed")
        found = DELAY.search(page)
        if not found or time.perf_counter() - started > 120:
            raise RuntimeError("The status page stopped asking before the PDF was ready")
        url, headers = found.group(1).replace("&amp;", "&"), {"HX-Request": "true"}
        polls += 1
        time.sleep(int(found.group(2)) / 1000)
    seconds = time.perf_counter() - started
    document = GeneratedDocument.objects.filter(requested_by__isnull=False).latest("pk")
    render = (document.finished_at - document.started_at).total_seconds()
    return {"seconds": seconds, "polls": polls, "worker_seconds": render, "document": document}


def _render_floor(document) -> float:
    """Median seconds for WeasyPrint to render the same letter's HTML here (warm: fonts loaded)."""
    from insourcing.documents import get_kind
    from insourcing.pdf import html_to_pdf

    html = get_kind(document.kind).render_html(document)
    html_to_pdf(html)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        html_to_pdf(html)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run() -> dict:
    import insourcing.wsgi  # noqa: F401  (what the web server loads at its start, before any request)

    foi = _letter_source()
    client, officer = _officer_client(foi.branch)
    documents = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            worker = _start_worker(Path(folder) / "worker.log")
            try:
                _queue_empty()
                first = click_to_link(client, foi)
                second = click_to_link(client, foi)
            finally:
                _stop(worker)

        documents = [first["document"], second["document"]]
        floor = _render_floor(first["document"])
    finally:
        for document in documents:
            document.file.delete(save=False)
            document.delete()
        officer.delete()
    return {
        "first": first["seconds"],
        "first_worker": first["worker_seconds"],
        "second": second["seconds"],
        "second_worker": second["worker_seconds"],
        "floor": floor,
        "met": first["seconds"] < GOAL_SECONDS and second["seconds"] < GOAL_SECONDS,
    }


def line(result: dict) -> str:
    floor = result["floor"]
    return (
        f"one-page letter, click to download link: first PDF after a worker starts {result['first']:.2f} s "
        f"({result['first'] / floor:.1f}x WeasyPrint rendering it here, {floor:.2f} s; in the worker "
        f"{result['first_worker']:.2f} s), next PDF {result['second']:.2f} s ({result['second'] / floor:.1f}x) "
        f"(goal under {GOAL_SECONDS:g} s for both: {'PASS' if result['met'] else 'MISS'})"
    )


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    print(line(run()))

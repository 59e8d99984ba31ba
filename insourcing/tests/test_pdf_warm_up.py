"""The first PDF after a start is as quick as the next (issue 16 point 7: it took 5.5 to 11.7 s, later ones 1.1 to
1.6 s). Two causes, each guarded here: the web process imported WeasyPrint (and the broker's client) inside the
first request that queued a document, and the worker's pool processes paid for WeasyPrint's first render on the
first document. `make bench` measures the click-to-link time itself (bench/first_pdf.py)."""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from insourcing import celery as insourcing_celery
from insourcing import pdf

ROOT = Path(__file__).resolve().parents[2]

# A web process as gunicorn or runserver starts it (the WSGI module), then every view module (the URLconf) and every
# module a view may import to queue a job: what is in sys.modules then is what a first request does not pay for.
WEB_PROCESS = """
import json, sys
import insourcing.wsgi
loaded_at_start = set(sys.modules)
from django.urls import get_resolver
get_resolver().url_patterns
import insourcing.services, insourcing.tasks, contracts.tasks, campaigns.tasks, surveys.tasks
from insourcing.celery import app
transport = app.connection_for_write().get_transport_cls().__module__
print(json.dumps({"weasyprint": sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint")[:3],
                  "transport": transport, "transport_loaded_at_start": transport in loaded_at_start}))
"""


def test_the_web_process_never_imports_weasyprint_and_loads_the_broker_client_at_start():
    result = subprocess.run(
        [sys.executable, "-c", WEB_PROCESS], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    # Queuing a document must not import the renderer (about a second, five on a busy machine): only the worker
    # renders, and it loads WeasyPrint before it takes a job.
    assert loaded["weasyprint"] == []
    assert loaded["transport_loaded_at_start"], f"{loaded['transport']} is imported by the first request"


def test_warm_up_renders_with_the_document_stylesheet_and_fonts():
    seconds = pdf.warm_up()
    assert 0 < seconds < 60
    fetcher = pdf.StaticOnlyFetcher()
    html = pdf.WARM_UP_HTML.format(static="/static/")
    assert pdf.html_to_pdf(html, fetcher=fetcher).startswith(b"%PDF")
    assert fetcher.refused == []  # the stylesheet was found, so its fonts and @page rules were loaded too


def test_a_failed_warm_up_is_logged_and_does_not_stop_the_worker(monkeypatch, caplog):
    def broken():
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "warm_up", broken)
    with caplog.at_level(logging.ERROR, logger="insourcing.celery"):
        insourcing_celery._warm_up_pdf_renderer()
    assert "warm-up failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_worker_warms_up_the_renderer_before_it_forks_its_pool(celery_worker):
    log = celery_worker.log()
    warmed, ready = log.find("PDF renderer warmed up in"), log.find(" ready.")
    assert warmed != -1, "the worker did not warm up the PDF renderer"
    # Before "ready.", so in the main process before the pool processes were forked from it: each starts warm.
    assert ready != -1 and warmed < ready

"""A worker killed with SIGKILL mid-render: after recovery the document is produced exactly once."""

import os
import signal

import pytest

from conftest import start_worker, wait_for
from insourcing.models import GeneratedDocument
from insourcing.tasks import render_document, requeue_stuck_documents

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_document_is_produced_exactly_once_after_the_worker_is_killed(celery_worker, branch_a, tmp_path):
    doomed = start_worker(tmp_path / "doomed", queues="kill-test", concurrency=1, new_session=True)
    starts = celery_worker.mail_dir.parent / "render-starts.log"
    doomed_starts = doomed.mail_dir.parent / "render-starts.log"
    document = GeneratedDocument.objects.create(kind="slow_test", title="Slow", branch=branch_a)
    render_document.apply_async(args=[document.pk], queue="kill-test")

    wait_for(lambda: GeneratedDocument.objects.get(pk=document.pk).status == "rendering", message="render start")
    wait_for(lambda: doomed_starts.exists(), message="the doomed worker to start rendering")
    os.killpg(os.getpgid(doomed.process.pid), signal.SIGKILL)
    doomed.process.wait(timeout=10)
    doomed.log_file.close()
    assert GeneratedDocument.objects.get(pk=document.pk).status == "rendering"

    # Beat's recovery job finds the render that stopped and publishes it again to the live worker.
    assert requeue_stuck_documents(older_than_seconds=0) == 1
    document = wait_for(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status="ready").first(), timeout=60, message="ready"
    )
    assert document.file.name.endswith(".pdf")
    assert starts.read_text().split() == [str(document.pk)]

    # The original message, redelivered later, finds the document ready and does nothing.
    assert render_document.apply(args=[document.pk]).get() == "skipped"
    assert GeneratedDocument.objects.filter(pk=document.pk, status="ready").count() == 1
    assert requeue_stuck_documents(older_than_seconds=0) == 0

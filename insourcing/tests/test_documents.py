"""The document pipeline end to end, with a real Celery worker (not eager mode)."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import wait_for
from insourcing import documents
from insourcing.models import GeneratedDocument
from insourcing.services import document_request
from insourcing.tasks import render_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _pdf_text(document: GeneratedDocument) -> str:
    with document.file.open("rb") as handle:
        return "\n".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages)


def _finished(pk):
    def check():
        document = GeneratedDocument.objects.get(pk=pk)
        return document if document.is_finished else None

    return check


def test_worker_renders_the_branch_sheet_with_its_details(celery_worker, alice, branch_a, client):
    client.force_login(alice)
    response = client.post(reverse("branch_sheet_request", kwargs={"slug": branch_a.slug}))
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})

    document = wait_for(_finished(document.pk), message="the worker to render the PDF")
    assert document.status == "ready", document.error + celery_worker.log()[-2000:]
    text = _pdf_text(document)
    assert "Letterhead details for Demo City" in text
    assert "1 Union Street" in text
    assert "Sam Secretary, Branch Secretary" in text

    fragment = client.get(reverse("document_status", kwargs={"pk": document.pk}), HTTP_HX_REQUEST="true")
    assert b"Download" in fragment.content
    assert b"data-hx-get" not in fragment.content  # polling stops once ready
    download = client.get(reverse("document_download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_running_the_task_again_leaves_a_ready_document_alone(celery_worker, alice, branch_a):
    document = document_request(kind="branch_sheet", branch=branch_a, user=alice, source=branch_a)
    document = wait_for(_finished(document.pk), message="render")
    first_file = document.file.name
    assert render_document.apply(args=[document.pk]).get() == "skipped"
    document.refresh_from_db()
    assert (document.status, document.file.name, document.attempts) == ("ready", first_file, 1)


def test_a_document_that_cannot_render_is_marked_failed_with_the_reason(alice, branch_a, settings):
    @documents.register("broken_for_test", "Broken")
    def _broken(document):
        raise ValueError("template missing a contract")

    document = GeneratedDocument.objects.create(kind="broken_for_test", title="Broken", branch=branch_a)
    # Run in-process through Celery's retry machinery: 3 retries, then failed with the message.
    result = render_document.apply(args=[document.pk])
    assert result.get() == "failed"
    document.refresh_from_db()
    assert document.status == "failed"
    assert "template missing a contract" in document.error
    assert document.attempts == 4


def test_nothing_is_queued_when_the_request_rolls_back(alice, branch_a, celery_worker):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        document_request(kind="branch_sheet", branch=branch_a, user=alice)
        raise RuntimeError("boom")
    assert not GeneratedDocument.objects.exists()

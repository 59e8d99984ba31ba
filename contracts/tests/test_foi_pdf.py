"""FoI letters and the motion as PDFs, rendered by a real Celery worker and read back with pypdf."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import wait_for
from contracts.foi import letters, services
from contracts.models import FoIRequest
from contracts.tests.factories import make_motion, make_sent_foi
from insourcing.models import GeneratedDocument

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _text(document: GeneratedDocument) -> str:
    with document.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    return " ".join(text.split())


def _render(client, url, data=None) -> GeneratedDocument:
    response = client.post(url, data or {})
    document = GeneratedDocument.objects.latest("created_at")
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})

    def finished():
        document.refresh_from_db()
        return document.is_finished

    wait_for(finished, message="the worker to render the PDF")
    assert document.status == "ready", document.error
    return document


def test_the_letter_pdf_has_authority_branch_date_and_every_ask(celery_worker, alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice, sent_on=datetime.date(2026, 3, 2))
    document = _render(alice_client, reverse("contracts:foi_pdf", kwargs={"pk": foi.pk}), {"letter": "request"})
    text = _text(document)
    assert "FoI Officer, Demo City Council" in text
    assert "County Hall" in text
    assert "UNISON Demo City" in text
    assert "1 Union Street" in text
    assert "2 March 2026" in text
    assert f"Our reference: {foi.reference}" in text
    for ask in letters.ask_lines(letters.default_asks()):
        assert ask in text
    assert "Sam Secretary Branch Secretary" in text
    assert foi.contracts.get().service in text
    download = alice_client.get(reverse("document_download", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_complaint_letter_pdf_is_addressed_to_the_regulator(celery_worker, alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice, nation="scotland")
    services.foi_complaint_record(
        foi=foi, body="Dear Scottish Information Commissioner,\n\nA complaint.", made_on=datetime.date(2026, 5, 4)
    )
    url = reverse("contracts:foi_pdf", kwargs={"pk": foi.pk})
    text = _text(_render(alice_client, url, {"letter": "complaint"}))
    assert "Kinburn Castle" in text
    assert "4 May 2026" in text
    assert FoIRequest.objects.get().status == FoIRequest.Status.COMPLAINT


def test_the_motion_pdf_names_the_authority(celery_worker, alice_client, alice, branch_a):
    motion = make_motion(branch_a, alice)
    text = _text(_render(alice_client, reverse("contracts:motion_pdf", kwargs={"pk": motion.pk})))
    assert "Insourcing First motion for Demo City Council" in text
    assert "Demo City Council therefore agrees:" in text
    assert "To systematically review each existing outsourced contract as it approaches expiration;" in text

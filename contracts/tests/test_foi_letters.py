"""One FoI letter, whichever way it leaves: the email's parts, the print view and the PDF say the same words,
and none of them goes out with a placeholder in it."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from contracts.foi import compose, services
from contracts.models import FoIRequest, LetterKind
from contracts.tests.factories import make_answered_foi, make_foi, make_sent_foi
from insourcing.documents import get_kind
from insourcing.models import GeneratedDocument

pytestmark = pytest.mark.django_db
Status = FoIRequest.Status


def url(name, **kwargs):
    return reverse(f"contracts:{name}", kwargs=kwargs)


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_emailed_request_is_the_approved_letter_word_for_word(alice_client, alice, branch_a):
    foi = make_foi(branch_a, alice)
    contract = foi.contracts.get()
    alice_client.post(url("foi_send", pk=foi.pk), {"method": "app-email"})
    [message] = mail.outbox
    foi.refresh_from_db()
    letter = compose.compose(foi, LetterKind.REQUEST, by_email=True)
    assert message.body == letter.text()
    for part in (message.body, _words(message.alternatives[0].content)):
        assert "In particular, this request covers these contracts:" in part
        assert f"{contract.service}" in part
        assert f"Our reference: {foi.reference}" in part
        assert "By email: foi@council.example.gov.uk" in part
    assert foi.reference in message.subject
    # The print view shows the same letter (a copy of an emailed letter says how it went).
    printed = _words(alice_client.get(url("foi_print", pk=foi.pk)).content.decode())
    for line in letter.text().splitlines():
        assert " ".join(line.removeprefix("- ").split()) in printed, line


def test_a_posted_letter_gives_the_postal_address_only_and_leaves_room_to_sign(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    letter = compose.compose(foi, LetterKind.REQUEST)
    assert letter.recipient_email == ""
    content = alice_client.get(url("foi_print", pk=foi.pk)).content.decode()
    assert "By email:" not in content
    assert '<p class="closing">Yours sincerely</p>' in content


def test_an_overdue_reply_fills_why_and_drops_the_missing_authority_reference(alice, branch_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 12))
    foi = make_sent_foi(branch_a, alice)  # sent 2 March 2026, due 30 March, no reply
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    assert "I am dissatisfied because I have had no reply, although the Freedom of Information Act 2000" in body
    assert "your reference" not in body and "none given" not in body and "[" not in body


def test_a_letter_with_a_placeholder_is_not_sent_printed_or_made_a_pdf(alice_client, alice, branch_a, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12))
    foi = make_sent_foi(branch_a, alice)  # not overdue: the app cannot say why the officer is dissatisfied
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    assert "[say why:" in body
    alice_client.post(url("foi_review", pk=foi.pk), {"body": body, "save": "1"})
    review_page = url("foi_review", pk=foi.pk)
    response = alice_client.post(url("foi_pdf", pk=foi.pk), {"letter": "internal-review"})
    assert response["Location"] == review_page
    assert not GeneratedDocument.objects.exists()
    response = alice_client.get(url("foi_print", pk=foi.pk) + "?letter=internal-review", follow=True)
    assert "Fill in [say why: no reply within 20 working days" in response.content.decode()
    response = alice_client.post(review_page, {"body": body, "method": "app-email"})
    assert "Fill in or remove these placeholders: [say why:" in response.content.decode()
    with pytest.raises(services.FoIError, match=r"Fill in \[say why:"):
        services.foi_review_request(foi=foi, body=body, method="post", requested_on=datetime.date(2026, 3, 3))
    foi.refresh_from_db()
    assert (foi.status, mail.outbox) == (Status.SENT, [])


def test_the_pdf_renderer_refuses_a_letter_with_a_placeholder(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, review_body="Dear FoI Officer,\n\n[Your complaint here]")
    document = GeneratedDocument.objects.create(kind="foi_review_letter", title="x", branch=branch_a, source=foi)
    with pytest.raises(compose.UnfilledLetter, match=r"\[Your complaint here\]"):
        get_kind("foi_review_letter").render_html(document)


def test_the_request_page_offers_a_pdf_of_each_saved_letter_named_after_it(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice, review_body="Dear FoI Officer,\n\nPlease review.", complaint_body="Dear ICO")
    page = alice_client.get(url("foi_detail", pk=foi.pk)).content.decode()
    for label in ("Request letter as PDF", "Internal review letter as PDF", "Complaint letter as PDF"):
        assert label in page
    alice_client.post(url("foi_pdf", pk=foi.pk), {"letter": "internal-review"})
    document = GeneratedDocument.objects.get()
    assert document.kind == "foi_review_letter"
    assert document.title == f"{foi.reference} internal review request"
    assert document.filename == f"{foi.reference}-internal-review-request.pdf"


def test_the_status_fragment_polls_quickly_then_backs_off(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    alice_client.post(url("foi_pdf", pk=foi.pk), {"letter": "request"})
    document = GeneratedDocument.objects.get()
    status = reverse("document_status", kwargs={"pk": document.pk})
    delays = []
    for polls in range(14):
        content = alice_client.get(f"{status}?polls={polls}", headers={"HX-Request": "true"}).content.decode()
        delays.append(int(re.search(r"load delay:(\d+)ms", content).group(1)))
        assert f"?polls={polls + 1}" in content
    # A one-page letter (0.5 to 1 s to render) shows within a quarter of a second of being ready, for its
    # first two seconds: the link is there within 1.5 s of the click.
    assert delays[:8] == [250] * 8
    assert delays == sorted(delays) and delays[-1] == 5000


def test_a_posted_review_of_an_emailed_request_does_not_say_by_email(alice_client, alice, branch_a):
    foi = make_answered_foi(branch_a, alice)
    FoIRequest.objects.filter(pk=foi.pk).update(sent_by=FoIRequest.SentBy.APP_EMAIL)
    foi.refresh_from_db()
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW).replace(
        "[say why: no reply within 20 working days, information withheld, an exemption that does not apply, "
        "or a reply that does not answer every question]",
        "section 43 does not apply",
    )
    response = alice_client.post(url("foi_review", pk=foi.pk), {"body": body, "method": "post", "on": "2026-03-25"})
    assert response.status_code == 302
    foi.refresh_from_db()
    assert (foi.status, foi.review_sent_by) == (Status.INTERNAL_REVIEW, FoIRequest.SentBy.POST)
    assert compose.compose(foi, LetterKind.INTERNAL_REVIEW).recipient_email == ""
    printed = alice_client.get(url("foi_print", pk=foi.pk) + "?letter=internal-review").content.decode()
    assert "Please send the outcome of the review" in printed
    assert "By email:" not in printed


def test_the_review_letter_does_not_repeat_its_subject_after_the_greeting(alice, branch_a):
    foi = make_answered_foi(branch_a, alice)
    body = services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    letter = compose.compose(foi, LetterKind.INTERNAL_REVIEW)
    assert letter.subject == f"Request for an internal review: {foi.reference}"
    # Like the guide's model letter, the words begin straight after "Dear FoI Officer,".
    assert body.startswith("Dear FoI Officer,\n\nOn 2 March 2026 I asked Demo City Council")
    assert "Request for an internal review" not in body
    assert f"(our reference {foi.reference})" in body


def test_the_complaint_letter_does_not_repeat_its_subject_after_the_greeting(alice, branch_a):
    foi = make_answered_foi(branch_a, alice)
    body = services.follow_up_body(foi, LetterKind.COMPLAINT, review_on=datetime.date(2026, 4, 1))
    letter = compose.compose(foi, LetterKind.COMPLAINT)
    assert letter.subject == f"Complaint about Demo City Council: {foi.reference}"
    # The subject line is printed above the greeting; the words begin straight after "Dear ...,".
    assert body.startswith("Dear Information Commissioner's Office,\n\nI am writing on behalf of")
    assert "Complaint about" not in body
    assert f"made on 2 March 2026 (our reference {foi.reference}" in body

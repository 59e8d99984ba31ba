"""Background work on the real Celery worker: the poster PDF and the retention job."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import wait_for
from insourcing.models import GeneratedDocument
from surveys.models import Answer, Response, ResultSnapshot, Survey, SurveyContact
from surveys.results import latest_discontent
from surveys.services import ContactData
from surveys.tasks import delete_expired_answers
from surveys.tests.factories import answer, make_survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_worker_renders_the_poster_with_the_link_and_a_qr_code(celery_worker, alice, branch_a, client):
    survey = make_survey(branch_a, alice, open_it=True, service="Office cleaning")
    client.force_login(alice)
    client.post(reverse("surveys:survey_poster", kwargs={"pk": survey.pk}))
    document = wait_for(
        lambda: GeneratedDocument.objects.filter(kind="survey_poster", status__in=["ready", "failed"]).first(),
        message="the poster",
    )
    assert document.status == "ready", document.error + celery_worker.log()[-2000:]
    with document.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert len(reader.pages) == 1
    assert f"http://testserver/s/{survey.short_link_code}/" in text  # the short link a member can type
    assert "Have your say" in text and "Office cleaning" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4


def test_retention_job_keeps_suppressed_results_and_deletes_raw_answers(celery_worker, branch_a, alice):
    expired = make_survey(branch_a, alice, open_it=True)
    keep = make_survey(branch_a, alice, open_it=True)
    for survey in (expired, keep):
        for _ in range(12):
            answer(survey, support="yes", pay_comparison="worse")
        answer(survey, support="no", contact=ContactData(name="Sam"))
        for _ in range(10):
            answer(survey, pay_comparison="equal")
    long_ago = datetime.date.today() - datetime.timedelta(days=400)
    Survey.objects.filter(pk=expired.pk).update(status="closed", closes_on=long_ago, retention_months=6)
    Survey.objects.filter(pk=keep.pk).update(status="closed", closes_on=datetime.date.today(), retention_months=6)

    delete_expired_answers.delay()
    wait_for(lambda: Survey.objects.get(pk=expired.pk).raw_deleted_on, message="the retention job")

    assert not Response.objects.filter(survey=expired).exists()
    assert not Answer.objects.filter(survey=expired).exists()
    assert not SurveyContact.objects.filter(survey=expired).exists()
    assert Response.objects.filter(survey=keep).count() == 23
    snapshot = ResultSnapshot.objects.get(survey=expired).data
    assert snapshot["responses"] == 23
    support = next(q for q in snapshot["questions"] if q["text"].startswith("Would you support"))
    assert [c["count"] for c in support["cells"]] == [12, None, 0, None]
    assert latest_discontent(expired.contract.surveys.all()).share == pytest.approx(12 / 23)
    assert delete_expired_answers.apply().get() == 0  # a second run finds nothing to do


def test_results_page_shows_the_snapshot_after_deletion(branch_a, alice, client):
    survey = make_survey(branch_a, alice, open_it=True)
    for _ in range(10):
        answer(survey, support="yes")
    Survey.objects.filter(pk=survey.pk).update(
        status="closed", closes_on=datetime.date.today() - datetime.timedelta(days=40), retention_months=1
    )
    assert delete_expired_answers.apply().get() == 1
    client.force_login(alice)
    body = client.get(reverse("surveys:survey_results", kwargs={"pk": survey.pk})).content.decode()
    assert "The raw answers were deleted" in body and "10 responses" in body
    csv_body = client.get(reverse("surveys:survey_export_csv", kwargs={"pk": survey.pk})).content.decode()
    assert "All responses,,,10," in csv_body

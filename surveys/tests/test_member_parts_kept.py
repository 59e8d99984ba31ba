"""Members' pages keep the survey's questions and translations in the process between requests (views/member.py,
`_parts`): a change made by any path shows on the very next request, and the keeping saves each request two queries."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Question, Response
from surveys.services import question_drop, translation_save
from surveys.tests.factories import field, option_id, page_url, question, start_url

pytestmark = pytest.mark.django_db


def page(client, survey, number: int, lang: str = "") -> str:
    response = client.get(page_url(survey, number, lang))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_a_question_reworded_without_the_services_shows_on_the_next_request(client, survey):
    pay = question(survey, "pay_comparison")
    assert pay.text in page(client, survey, 1)
    # A plain UPDATE (as bulk_update, a shell or a data migration would do) sends no signal and touches no survey.
    Question.objects.filter(pk=pay.pk).update(text="How is your pay now, compared with before?")
    assert "How is your pay now, compared with before?" in page(client, survey, 1)
    # Twice in the same transaction (the row's writer is the same then; its place in the table is not).
    Question.objects.filter(pk=pay.pk).update(text="Is your pay better or worse than before?")
    body = page(client, survey, 1)
    assert "Is your pay better or worse than before?" in body
    assert "How is your pay now" not in body


def test_a_dropped_question_is_not_shown_on_the_next_request(client, survey):
    differences, transferred = question(survey, "pay_differences"), question(survey, "transferred")
    worse = {field(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse"), "action": "next"}
    client.post(page_url(survey, 1), worse)  # the differences are asked of those whose pay is worse
    assert differences.text in page(client, survey, 2)
    assert question_drop(question=differences)
    body = page(client, survey, 2)
    assert differences.text not in body
    assert transferred.text in body


def test_a_translation_saved_shows_on_the_next_request(client, survey):
    pay = question(survey, "pay_comparison")
    client.get(start_url(survey) + "?lang=cy")
    assert "Sut ydych chi'n gweld eich cyflog" in page(client, survey, 1)
    translation_save(
        survey=survey,
        language="cy",
        strings={f"q{pay.pk}.text": "Sut mae eich cyflog nawr?"},
        english={f"q{pay.pk}.text": pay.text},
        live_when_incomplete=True,
    )
    assert "Sut mae eich cyflog nawr?" in page(client, survey, 1)


def test_a_member_page_reads_the_questions_once_per_process_not_per_request(client, survey):
    page(client, survey, 1)
    with CaptureQueriesContext(connection) as first:
        page(client, survey, 1)
    Question.objects.filter(pk=question(survey, "pay_comparison").pk).update(text="Reworded")
    with CaptureQueriesContext(connection) as after_change:
        assert "Reworded" in page(client, survey, 1)
    # One query for the survey (with the fingerprint of its questions and translations); two more to read them
    # again once they changed.
    assert len(first.captured_queries) == 1
    assert len(after_change.captured_queries) == 3
    assert not Response.objects.exists()

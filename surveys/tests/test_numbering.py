"""One question numbering everywhere: the member form, the questions page, the translation page, the results and
the CSV all call a question by the same number (page, then position), and the intro counts the real questions."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from surveys.models import Question
from surveys.services import survey_open
from surveys.tests.factories import answer_randomly, field, make_survey, option_id, page_url, start_url

pytestmark = pytest.mark.django_db

NUMBERED = re.compile(r'class="question-number">(\d+)\.</span>\s*(?:<[^>]+>)*([^<]+)')


def _numbered(html: str) -> dict[str, int]:
    """{question text: the number shown before it} from a page marking numbers as `question-number`."""
    return {unescape(text).strip(): int(number) for number, text in NUMBERED.findall(html)}


@pytest.fixture
def survey(branch_a, alice):
    """The model survey plus two questions added out of step: one on page 1 placed after page 2's by position (so
    position alone would misnumber it), one on a page of its own at the end."""
    survey = make_survey(branch_a, alice, provider__name="CleanCo Ltd")
    last_page = max(q.page for q in survey.questions.all())
    options = [{"id": 1, "key": "a", "label": "A"}, {"id": 2, "key": "b", "label": "B"}]
    Question.objects.create(survey=survey, page=1, position=500, text="Added on page one", options=options)
    Question.objects.create(survey=survey, page=last_page + 1, position=0, text="Added at the end", options=options)
    survey_open(survey=survey)
    answer_randomly(survey, 12)
    return survey


def test_every_page_and_the_csv_number_each_question_alike(alice_client, client, survey):
    questions = sorted(survey.questions.asked(), key=lambda q: (q.page, q.position, q.pk))  # as members meet them
    expected = {q.text: n for n, q in enumerate(questions, start=1)}
    assert expected["Added on page one"] == 2  # page 1 has the guide's question 1, then this one
    assert expected["Added at the end"] == len(questions)

    # A member whose answers bring up every conditional question.
    client.post(page_url(survey, 1), {field(survey, "pay_comparison"): option_id(survey, "pay_comparison", "worse")})
    client.post(page_url(survey, 2), {field(survey, "transferred"): option_id(survey, "transferred", "yes")})
    member = {}
    for page in sorted({q.page for q in questions}):
        member |= _numbered(client.get(page_url(survey, page)).content.decode())

    officer_page = alice_client.get(reverse("surveys:survey_questions", args=[survey.pk])).content.decode()
    results_page = alice_client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()

    translation_page = alice_client.get(reverse("surveys:translation_edit", args=[survey.pk, "pl"])).content.decode()
    rows = re.findall(r'<th scope="row">Question (\d+)</th>\s*<td lang="en" dir="ltr">([^<]*)</td>', translation_page)
    translations = {unescape(text).strip(): int(number) for number, text in rows}

    export = alice_client.get(reverse("surveys:survey_export_csv", args=[survey.pk]))
    lines = csv.reader(io.StringIO(export.content.decode("utf-8-sig")))
    in_csv = {}
    for line in lines:
        found = re.match(r"(\d+)\. (.+)", line[1]) if line[0] in ("question", "matrix") else None
        if found:
            in_csv[found.group(2)] = int(found.group(1))

    choice_questions = {q.text: expected[q.text] for q in questions if q.kind in Question.CHOICE_KINDS}
    assert {t: member.get(t) for t in expected} == expected
    assert _numbered(officer_page) == expected
    assert {t: n for t, n in _numbered(results_page).items() if t in expected} == expected
    assert translations == expected
    assert in_csv == choice_questions  # the CSV holds counts, so only questions with answers to count


def test_intro_counts_the_questions_members_can_be_asked_in_english_and_welsh(client, survey):
    count = survey.questions.asked().count()
    assert count == 15
    survey.translations.filter(language="cy").update(live_when_incomplete=True)  # the added questions are English
    english = unescape(client.get(start_url(survey)).content.decode())
    assert f"The survey covers just {count} questions" in english
    assert "{questions}" not in english
    welsh = unescape(client.get(start_url(survey, "cy")).content.decode())
    assert f"Dim ond {count} cwestiwn" in welsh


def test_paper_form_intro_counts_the_questions(survey):
    from surveys.documents import paper_context

    intro = paper_context(survey, ("en",))["intro"]
    assert "covers just 15 questions" in intro.parts[0][1]

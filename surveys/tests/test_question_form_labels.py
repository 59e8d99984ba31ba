"""The "ask only those who gave one of these answers" list names each earlier question: shortened at a word, never
mid-word (issue 15: "compared to equivalent s – Roughly equal")."""

import pytest

from surveys.forms import QuestionForm, short_question
from surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db


def test_a_long_question_is_shortened_at_a_word_with_an_ellipsis():
    text = (
        "How do you see your pay, terms and conditions compared to equivalent staff employed directly by the council?"
    )
    short = short_question(text)
    assert short == "How do you see your pay, terms and conditions compared to equivalent…"
    assert short_question("How do you describe your gender?") == "How do you describe your gender?"


def test_no_answer_label_cuts_a_word_of_its_question(branch_a, alice):
    survey = make_survey(branch_a, alice)
    form = QuestionForm(survey=survey)
    labels = [str(label) for _value, label in form.fields["show_if"].choices]
    assert labels
    texts = {" ".join(q.text.split()) for q in form.sources.values()}
    for label in labels:
        question_part = label.split(": ", 1)[1].rsplit(" – ", 1)[0]
        if question_part in texts:
            continue
        assert question_part.endswith("…"), label
        kept = question_part.removesuffix("…")
        # Every word kept is a whole word of the question: the next character of the full text is a space.
        assert any(text.startswith(kept) and text[len(kept)] == " " for text in texts), label

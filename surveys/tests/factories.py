import random

from django.urls import reverse

from contracts.tests.factories import ContractFactory
from surveys.models import Question, Survey
from surveys.services import AnswerData, ContactData, response_submit, survey_create, survey_open


def make_survey(branch, officer=None, *, open_it: bool = False, **contract_fields) -> Survey:
    contract = ContractFactory(branch=branch, **contract_fields)
    survey = survey_create(contract=contract, user=officer)
    if open_it:
        survey_open(survey=survey)
    return survey


def question(survey: Survey, role: str) -> Question:
    return survey.questions.get(role=role)


def option_id(survey: Survey, role: str, key: str) -> int:
    return question(survey, role).option_by_key(key)["id"]


def answer(survey: Survey, *, contact: ContactData | None = None, source: str = "online", **choices) -> None:
    """answer(survey, support="yes", transferred="no") stores one response choosing those options by key."""
    answers = [
        AnswerData(question(survey, role).pk, choice=option_id(survey, role, key)) for role, key in choices.items()
    ]
    response_submit(survey=survey, answers=answers, contact=contact, source=source)


def answer_randomly(survey: Survey, count: int, *, seed: int = 1) -> None:
    rng = random.Random(seed)
    questions = list(survey.questions.asked())
    for _ in range(count):
        answers = []
        for q in questions:
            if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN) and rng.random() < 0.9:
                answers.append(AnswerData(q.pk, choice=rng.choice(q.options)["id"]))
            elif q.kind == Question.Kind.MATRIX:
                answers += [AnswerData(q.pk, row=r["id"], choice=rng.choice(q.options)["id"]) for r in q.rows]
            elif q.kind == Question.Kind.TEXT and rng.random() < 0.3:
                answers.append(AnswerData(q.pk, text=rng.choice(["Lower pay", "No sick pay", "Short staffed"])))
        response_submit(survey=survey, answers=answers, contact=None)


def translate_fully(survey: Survey, language: str = "pl", **fields):
    """A complete translation made up for tests: "Tekst 7" for the seventh string, placeholders kept.

    No word of it is English, so a page that shows any English shows a string that escaped translation.
    """
    from surveys.languages import all_strings, placeholders
    from surveys.services import translation_save

    sources = all_strings(survey, list(survey.questions.asked()), language)
    strings = {
        key: " ".join([f"Tekst {n}", *(f"%({name})s" for name in sorted(placeholders(english)))])
        for n, (key, _, english) in enumerate(sources, start=1)
    }
    return translation_save(
        survey=survey,
        language=language,
        strings=strings,
        english={key: english for key, _, english in sources},
        **fields,
    )


def start_url(survey: Survey, lang: str = "") -> str:
    """The member's first page, optionally in language `lang`."""
    return reverse("surveys:member_start", kwargs={"token": survey.token}) + (f"?lang={lang}" if lang else "")


def page_url(survey: Survey, page: int, lang: str = "") -> str:
    url = reverse("surveys:member_page", kwargs={"token": survey.token, "page": page})
    return url + (f"?lang={lang}" if lang else "")


def field(survey: Survey, role: str, suffix: str = "") -> str:
    """The name of the member form's field for the question with `role` (`suffix` for a row or other text)."""
    return f"q{question(survey, role).pk}{suffix}"

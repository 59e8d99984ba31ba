"""Demo: an open survey of the DEMO-CLEAN-01 cleaning workforce with 60 made-up answers."""

import random

from contracts.models import Contract
from insourcing.emails import absolute_url

from .models import Question, Survey
from .services import AnswerData, ContactData, response_submit, survey_create, survey_open

ANSWERS = 60
# Weights per option key, in the spirit of a workforce that feels short-changed.
WEIGHTS = {
    "pay_comparison": {"equal": 2, "worse": 7, "better": 1},
    "support": {"yes": 7, "no": 1, "dont-know": 2},
    "transferred": {"yes": 4, "no": 5, "prefer-not": 1},
    "income": {"under-10k": 3, "10k-20k": 5, "20k-40k": 2, "40k-plus": 0, "prefer-not": 1},
    "join": {"yes": 3, "no": 7},
}
ISSUES = [
    "Pay below the Real Living Wage",
    "No sick pay",
    "Short staffing",
    "Unpaid travel time",
    "Zero-hours contracts",
]
COMMENTS = [
    "Council cleaners get sick pay from day one and a better pension.",
    "We lost our LGPS pension after the transfer.",
    "Same job, two pounds an hour less than the school's own staff.",
]


def _pick(rng: random.Random, question: Question) -> int | None:
    weights = WEIGHTS.get(question.role)
    options = question.options
    if weights:
        return rng.choices(options, weights=[weights.get(o["key"], 1) for o in options])[0]["id"]
    return rng.choice(options)["id"] if rng.random() < 0.9 else None


def _answers(rng: random.Random, questions: list[Question]) -> list[AnswerData]:
    answers = []
    for q in questions:
        if q.kind in (Question.Kind.SINGLE, Question.Kind.GRID, Question.Kind.JOIN):
            choice = _pick(rng, q)
            if choice is not None:
                answers.append(AnswerData(q.pk, choice=choice))
        elif q.kind == Question.Kind.MATRIX:
            worse = q.option_by_key("worse")["id"]
            answers += [
                AnswerData(q.pk, row=r["id"], choice=worse if rng.random() < 0.6 else rng.choice(q.options)["id"])
                for r in q.rows
            ]
        elif q.kind == Question.Kind.RANKED:
            answers += [
                AnswerData(q.pk, row=r["id"], text=t) for r, t in zip(q.rows, rng.sample(ISSUES, 3), strict=False)
            ]
        elif q.kind == Question.Kind.TEXT and rng.random() < 0.4:
            answers.append(AnswerData(q.pk, text=rng.choice(COMMENTS)))
    return answers


def seed_demo(tenancy, stdout) -> None:
    branch = tenancy.branches["demo-city"]
    contract = Contract.objects.filter(branch=branch, reference="DEMO-CLEAN-01").first()
    if contract is None:
        return
    survey = Survey.objects.filter(contract=contract).first()
    if survey is None:
        survey = survey_create(contract=contract, user=tenancy.officer)
        survey_open(survey=survey)
        rng = random.Random(2024)
        questions = list(survey.questions.asked())
        for number in range(ANSWERS):
            contact = ContactData(name=f"Demo Member {number + 1}", phone="01632 960999") if number % 15 == 0 else None
            response_submit(survey=survey, answers=_answers(rng, questions), contact=contact)
    stdout.write(f"Survey of {contract.service}: {absolute_url(survey.short_path())}")

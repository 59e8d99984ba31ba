"""Running counts: always equal to a fresh count of the raw answers, whatever route the answers took."""

import threading
from collections import Counter
from itertools import combinations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from surveys import counts
from surveys.models import Answer, AnswerCount, PairCount, Question, Response, ResponseCount
from surveys.results import survey_results
from surveys.services import AnswerData, NothingAnswered, response_submit, survey_raw_delete
from surveys.tests.factories import answer_randomly, make_survey

COUNT_TABLES = (AnswerCount, PairCount, ResponseCount)


def _from_raw(survey) -> tuple[dict, dict, dict]:
    """What the counts should be, worked out in Python from the raw rows."""
    responses = Counter(Response.objects.filter(survey=survey).values_list("source", flat=True))
    answers: Counter = Counter()
    singles: dict = {}
    for response_id, question_id, row, choice, text in Answer.objects.filter(survey=survey).values_list(
        "response_id", "question_id", "row", "choice", "text"
    ):
        if choice is not None:
            answers[(question_id, row or 0, choice)] += 1
            if row is None:
                singles.setdefault(response_id, {})[question_id] = choice
        elif text:
            answers[(question_id, row or 0, 0)] += 1
    pairs: Counter = Counter()
    for chosen in singles.values():
        for qa, qb in combinations(sorted(chosen), 2):
            pairs[(qa, chosen[qa], qb, chosen[qb])] += 1
    return dict(responses), dict(answers), dict(pairs)


def _counted(survey) -> tuple[dict, dict, dict]:
    def summed(model, fields):
        total: Counter = Counter()
        for *key, n in model.objects.filter(survey=survey).values_list(*fields, "n"):
            total[tuple(key) if len(key) > 1 else key[0]] += n
        return dict(total)

    return (
        summed(ResponseCount, ["source"]),
        summed(AnswerCount, ["question_id", "row", "choice"]),
        summed(PairCount, ["question_a_id", "choice_a", "question_b_id", "choice_b"]),
    )


@pytest.fixture
def survey(branch_a, alice):
    return make_survey(branch_a, alice, open_it=True, staff_count=200)


@pytest.mark.django_db
def test_counts_equal_a_fresh_count_after_random_online_and_paper_answers(survey):
    answer_randomly(survey, 80, seed=11)
    questions = list(survey.questions.asked())
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    response_submit(survey=survey, answers=[AnswerData(single.pk, choice=1)], contact=None, source="paper")
    with pytest.raises(NothingAnswered):
        response_submit(survey=survey, answers=[], contact=None, source="paper")
    assert _counted(survey) == _from_raw(survey)
    assert _counted(survey)[0] == {"online": 80, "paper": 1}


@pytest.mark.django_db
def test_paper_form_keyed_in_by_an_officer_is_counted(alice_client, survey):
    support = survey.questions.get(role="support")
    page = reverse("surveys:paper_response", kwargs={"pk": survey.pk})
    assert alice_client.post(page, {f"q{support.pk}": "1"}).status_code == 302
    assert _counted(survey) == _from_raw(survey)
    assert _counted(survey)[1][(support.pk, 0, 1)] == 1


@pytest.mark.django_db
def test_rebuild_command_recounts_answers_that_bypassed_the_counts(survey):
    answer_randomly(survey, 30, seed=3)
    AnswerCount.objects.filter(survey=survey).update(n=999)
    PairCount.objects.filter(survey=survey).delete()
    call_command("rebuild_survey_counts", str(survey.pk), stdout=None)
    assert _counted(survey) == _from_raw(survey)


@pytest.mark.django_db
def test_results_recount_when_responses_were_loaded_without_counting(survey):
    answer_randomly(survey, 20, seed=4)
    expected = survey_results(survey).as_json()
    ResponseCount.objects.filter(survey=survey).delete()
    AnswerCount.objects.filter(survey=survey).delete()
    assert survey_results(survey).as_json() == expected
    assert _counted(survey) == _from_raw(survey)


@pytest.mark.django_db
def test_results_from_counts_match_results_from_a_rebuild(survey):
    answer_randomly(survey, 120, seed=5)
    questions = list(survey.questions.filter(kind__in=(Question.Kind.SINGLE, Question.Kind.GRID)))
    pairs = [(questions[-1], questions[0]), (questions[1], questions[2])]
    live = survey_results(survey, pairs=pairs).as_json()
    counts.rebuild(survey)
    assert survey_results(survey, pairs=pairs).as_json() == live


@pytest.mark.django_db
def test_retention_deletion_removes_the_counts_and_keeps_the_snapshot(survey):
    answer_randomly(survey, 40, seed=6)
    published = survey_results(survey).as_json()
    survey.closes_on = timezone.localdate()
    survey_raw_delete(survey=survey)
    for model in COUNT_TABLES:
        assert not model.objects.filter(survey=survey).exists(), model
    assert _from_raw(survey) == ({}, {}, {})
    survey.refresh_from_db()
    assert survey.snapshot.data["questions"] == published["questions"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_leave_exact_counts(branch_a, alice):
    assert connection.vendor == "postgresql"
    survey = make_survey(branch_a, alice, open_it=True)
    start = threading.Barrier(8)
    errors = []

    def submit(seed):
        try:
            start.wait()
            answer_randomly(survey, 15, seed=seed)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _counted(survey) == _from_raw(survey)
    assert _counted(survey)[0] == {"online": 120}


def test_count_tables_hold_no_date_order_or_link_to_a_response():
    for model in COUNT_TABLES:
        for field in model._meta.concrete_fields:
            assert not field.is_relation or field.related_model._meta.label in ("surveys.Survey", "surveys.Question")
            assert field.get_internal_type() not in ("DateField", "DateTimeField", "TimeField", "UUIDField")
        assert not model._meta.auto_field, "a sequence would give the order answers arrived in"

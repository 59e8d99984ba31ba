"""Migration 0006 keeps every stored answer and contact while giving answers random ids and shuffling contacts."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("surveys", "0005_question_required_multi_translation_sources")]
AFTER = [("surveys", "0006_unlinkable_contacts")]


@pytest.mark.django_db(transaction=True)
def test_existing_answers_and_contacts_survive_with_random_ids_and_week_dates(branch_a, alice):
    from surveys.tests.factories import make_survey

    survey = make_survey(branch_a, alice, open_it=True)
    question_id = survey.questions.get(role="support").pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Response, Answer, Contact = (old.get_model("surveys", m) for m in ("Response", "Answer", "SurveyContact"))
    wednesday = datetime.date(2026, 11, 4)
    for number in range(12):
        response = Response.objects.create(survey_id=survey.pk, submitted_on=wednesday)
        Answer.objects.create(survey_id=survey.pk, response=response, question_id=question_id, choice=1 + number % 2)
        Contact.objects.create(survey_id=survey.pk, name=f"Person {number:02d}")
    before = sorted(Answer.objects.values_list("response_id", "choice"))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Answer, Response, Contact = (new.get_model("surveys", m) for m in ("Answer", "Response", "SurveyContact"))
    assert sorted(Answer.objects.values_list("response_id", "choice")) == before
    assert len(set(Answer.objects.values_list("id", flat=True))) == 12
    assert set(Response.objects.values_list("submitted_on", flat=True)) == {datetime.date(2026, 11, 2)}
    assert sorted(Contact.objects.values_list("name", flat=True)) == [f"Person {n:02d}" for n in range(12)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

"""The motivated intruder with a copy of the database tries to put names to answers.

They hold every column, every id and the physical row order (`ctid`) and inserting transaction (`xmin`) of every
row. They number the contacts by each of those, number the responses that said "Yes, contact me" by each of
those (and by what their answers' rows say), pair the k-th with the k-th, and count how many pairs are right.

Contacts are released in shuffled batches of at least ten, so an attacker who knows which batch a contact came
in can still only guess within it: about one right pair per batch (1 in 10) by chance. With 100 contacts that is
about 10 right pairs; the test allows 30. Guessing within ten batches of ten gives a sum of ten fixed-point
counts of random permutations (mean 10, variance 10): more than 30 has a probability below 1e-6 for any one
attack, so the test is sound without fixing a seed, and the attack on a design that keeps the order pairs all 100.
"""

import random

import pytest
from django.db import connection

from surveys.models import Answer, Response, SurveyContact
from surveys.services import AnswerData, ContactData, response_submit
from surveys.tests.factories import option_id, question

RESPONSES = 130
CONTACTS = 100
ALLOWED = 30  # chance is CONTACTS / 10


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _orders(table: str) -> list[str]:
    """Every way to number a table's rows: each column, the physical order and the inserting transaction."""
    qn = connection.ops.quote_name
    orders = [f"{qn(c)}" for c in _columns(table)] + ["xmin::text::bigint"]
    return [f"{order}, ctid" for order in orders] + [f"{order} DESC, ctid DESC" for order in orders] + ["ctid"]


def _aggregatable(table: str) -> list[str]:
    """Columns MIN/MAX can order by; PostgreSQL has no MIN(uuid), so those are compared as text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table])
        types = dict(cursor.fetchall())
    qn = connection.ops.quote_name
    return [f"{qn(c)}::text" if types[c] in ("uuid", "boolean") else qn(c) for c in types]


def _contact_orderings(survey) -> dict[str, list[str]]:
    table = SurveyContact._meta.db_table
    found = {}
    with connection.cursor() as cursor:
        for order in _orders(table):
            cursor.execute(f"SELECT name FROM {table} WHERE survey_id = %s ORDER BY {order}", [survey.pk])  # noqa: S608
            found[f"contact by {order}"] = [row[0].removeprefix("Person ") for row in cursor.fetchall()]
    return found


def _response_orderings(survey, join_question, yes: int, marker_question) -> dict[str, list[str]]:
    """The responses that said yes, numbered by their own columns and by the columns of their answers' rows."""
    responses, answers = Response._meta.db_table, Answer._meta.db_table
    marker = f"(SELECT m.text FROM {answers} m WHERE m.response_id = r.id AND m.question_id = {marker_question.pk})"  # noqa: S608
    said_yes = (
        f"EXISTS (SELECT 1 FROM {answers} j WHERE j.response_id = r.id "  # noqa: S608
        f"AND j.question_id = {join_question.pk} AND j.choice = {yes})"
    )
    keys = [f"r.{order}" for order in _orders(responses)]
    for column in [*_aggregatable(answers), "ctid", "xmin::text::bigint"]:
        for how in ("MIN", "MAX"):
            aggregate = f"(SELECT {how}(a.{column}) FROM {answers} a WHERE a.response_id = r.id)"  # noqa: S608
            keys += [f"{aggregate}, r.ctid", f"{aggregate} DESC, r.ctid DESC"]
    found = {}
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute(
                f"SELECT {marker} FROM {responses} r WHERE r.survey_id = %s AND {said_yes} ORDER BY {key}",  # noqa: S608
                [survey.pk],
            )
            found[f"response by {key}"] = [row[0].removeprefix("marker ") for row in cursor.fetchall()]
    return found


@pytest.mark.django_db(transaction=True)
def test_an_intruder_with_the_database_pairs_contacts_with_answers_no_better_than_chance(branch_a, alice):
    from surveys.tests.factories import make_survey

    survey = make_survey(branch_a, alice, open_it=True)
    join, support, marker_question = question(survey, "join"), question(survey, "support"), question(survey, "changes")
    yes, no = option_id(survey, "join", "yes"), option_id(survey, "join", "no")
    leaves_details = [True] * CONTACTS + [False] * (RESPONSES - CONTACTS)
    random.Random(17).shuffle(leaves_details)
    rng = random.Random(3)
    # Names (and markers) in an order unrelated to when people answered, as real names are.
    # Each free-text marker is drawn apart from the name, so sorting by text is no shortcut either.
    tags = [f"{number:03d}" for number in range(RESPONSES)]
    markers = tags[:]
    rng.shuffle(tags)
    rng.shuffle(markers)
    truth = dict(zip(tags, markers, strict=True))
    for tag, leaves in zip(tags, leaves_details, strict=True):
        answers = [
            AnswerData(support.pk, choice=rng.choice(support.options)["id"]),
            AnswerData(marker_question.pk, text=f"marker {truth[tag]}"),
            AnswerData(join.pk, choice=yes if leaves else no),
        ]
        contact = ContactData(name=f"Person {tag}", email=f"p{tag}@example.org") if leaves else None
        response_submit(survey=survey, answers=answers, contact=contact)

    contacts = _contact_orderings(survey)
    responses = _response_orderings(survey, join, yes, marker_question)
    assert all(len(names) == CONTACTS for names in contacts.values()), "every contact is released in batches of ten"
    assert all(len(found) == CONTACTS for found in responses.values())
    best = max(
        (sum(truth[a] == b for a, b in zip(names, found, strict=True)), contact_order, response_order)
        for contact_order, names in contacts.items()
        for response_order, found in responses.items()
    )
    assert best[0] <= ALLOWED, f"{best[0]} of {CONTACTS} contacts paired with their answers ({best[1]}; {best[2]})"

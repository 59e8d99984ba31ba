"""Anonymity by construction: what the answer tables can hold, what links contacts to answers, what is logged."""

import datetime
import logging

import pytest
from django.db import connection, models
from django.urls import reverse

from surveys.counts import rebuild
from surveys.models import (
    Answer,
    AnswerCount,
    PairCount,
    PendingContact,
    Response,
    ResponseCount,
    Survey,
    SurveyContact,
)
from surveys.services import ContactData
from surveys.tests.factories import answer, make_survey

ANSWER_TABLES = (Response, Answer)
COUNT_TABLES = (AnswerCount, PairCount, ResponseCount)  # running totals of the answers, held to the same rules
FORBIDDEN_NAME_PARTS = ("ip", "addr", "agent", "user", "account", "session", "time", "created_at", "updated_at")


def _columns(model) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return [(column.name, connection.introspection.get_field_type(column.type_code, column)) for column in description]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ANSWER_TABLES + COUNT_TABLES, ids=lambda m: m.__name__)
def test_answer_tables_have_no_column_that_could_identify_or_time_a_person(model):
    for field in model._meta.get_fields():
        assert not isinstance(field, models.DateTimeField | models.TimeField | models.GenericIPAddressField), field
        if field.is_relation and field.concrete:
            assert field.related_model._meta.label in ("surveys.Survey", "surveys.Response", "surveys.Question"), field
    for name, field_type in _columns(model):
        parts = name.lower().split("_")
        assert not any(part in FORBIDDEN_NAME_PARTS for part in parts) and "ip" not in name.lower(), name
        assert field_type not in ("DateTimeField", "TimeField", "GenericIPAddressField", "DurationField"), name


@pytest.mark.django_db
def test_contact_table_shares_no_key_date_or_column_with_the_answers():
    contact_columns = {name for name, _ in _columns(SurveyContact)}
    assert contact_columns == {"id", "survey_id", "name", "email", "phone"}
    assert not any(f.is_relation and f.related_model in ANSWER_TABLES for f in SurveyContact._meta.get_fields())
    assert not any(
        f.is_relation and f.related_model is SurveyContact
        for m in ANSWER_TABLES + COUNT_TABLES
        for f in m._meta.get_fields()
    )
    assert isinstance(SurveyContact._meta.pk, models.UUIDField)
    assert isinstance(Response._meta.pk, models.UUIDField)
    assert SurveyContact._meta.ordering == ["name", "id"]


@pytest.mark.django_db
def test_contacts_cannot_be_put_back_in_the_order_people_answered(branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    names = [f"Person {letter}" for letter in "QWERTYUIOPASDFGHJKLZ"]  # two batches of ten
    for name in names:
        answer(survey, join="yes", contact=ContactData(name=name, phone="01632 960000"))
    listed = list(SurveyContact.objects.filter(survey=survey).values_list("name", flat=True))
    assert listed == sorted(names)
    by_key = list(SurveyContact.objects.filter(survey=survey).order_by("pk").values_list("name", flat=True))
    assert by_key != names  # the random key does not follow the order they arrived in


@pytest.mark.django_db
@pytest.mark.django_db
def test_fewer_than_ten_contacts_stay_sealed_and_unshown(alice_client, branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    for number in range(9):
        answer(survey, join="yes", contact=ContactData(name=f"Waiting Person {number}", email=f"w{number}@example.org"))
    assert not SurveyContact.objects.filter(survey=survey).exists()
    sealed = [bytes(p.sealed) for p in PendingContact.objects.filter(survey=survey)]
    assert len(sealed) == 9 and len({len(s) for s in sealed}) == 1  # same length whatever the name
    assert not any(b"Waiting" in s or b"example.org" in s for s in sealed)
    page = alice_client.get(reverse("surveys:survey_contacts", kwargs={"pk": survey.pk})).content.decode()
    assert "Waiting Person" not in page
    assert "Some people (fewer than 10) have left details that are still encrypted" in page


@pytest.mark.django_db
def test_contacts_and_answers_carry_no_date_finer_than_the_week(branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    answer(survey, join="yes")
    (day,) = Response.objects.filter(survey=survey).values_list("submitted_on", flat=True)
    assert day.weekday() == 0
    assert isinstance(Answer._meta.pk, models.UUIDField)


def test_log_records_for_member_pages_carry_no_client_address(client, branch_a, alice):
    survey = make_survey(branch_a, alice, open_it=True)
    address = "203.0.113.77"
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    loggers = [logging.getLogger(n) for n in ("django.request", "django.security.csrf")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        client.get(reverse("surveys:member_start", kwargs={"token": "no-such-token"}), REMOTE_ADDR=address)
        client.get(reverse("surveys:member_page", kwargs={"token": survey.token, "page": 99}), REMOTE_ADDR=address)
        csrf_client = client.__class__(enforce_csrf_checks=True)
        page_one = reverse("surveys:member_page", kwargs={"token": survey.token, "page": 1})
        assert csrf_client.post(page_one, REMOTE_ADDR=address).status_code == 403
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert len(seen) >= 3, [r.getMessage() for r in seen]
    for record in seen:
        assert address not in repr(record.__dict__), record.getMessage()
        assert not hasattr(record, "request")


def test_runserver_request_lines_for_member_pages_carry_no_socket():
    from surveys.logs import MemberAddressFilter

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /s/abc/ HTTP/1.1", "200", "5"), None
    )
    record.request = object()
    MemberAddressFilter().filter(record)
    assert not hasattr(record, "request")
    other = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /dashboard/ HTTP/1.1", "200", "5"), None
    )
    other.request = object()
    MemberAddressFilter().filter(other)
    assert hasattr(other, "request")


def test_gunicorn_access_log_format_has_no_client_address():
    from pathlib import Path

    config = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text()
    namespace: dict = {}
    exec(compile(config, "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert "%(h)s" not in namespace["access_log_format"]
    assert "{x-forwarded-for}" not in namespace["access_log_format"].lower()


@pytest.mark.django_db
def test_answering_leaves_the_surveys_updated_at_alone_so_it_cannot_time_an_answer(branch_a, alice, time_machine):
    survey = make_survey(branch_a, alice, open_it=True)
    before = Survey.objects.get(pk=survey.pk).updated_at
    time_machine.move_to(before + datetime.timedelta(hours=3), tick=False)
    answer(survey, join="yes", contact=ContactData(name="Person Q", phone="01632 960000"))
    rebuild(survey)
    assert Survey.objects.get(pk=survey.pk).updated_at == before

"""Contacts that cannot be linked to answers (issue 17), for data already stored too.

- Answer ids become random UUIDs (a sequence numbered responses in the order people answered). On PostgreSQL
  the column is converted in place with gen_random_uuid(); elsewhere (SQLite for `make run`) it is altered and
  each row given a uuid4. No answer is lost: only the key changes, and nothing refers to an answer's key.
- Dates of responses become the Monday of their week.
- Contacts already stored were written in the order people answered: they are rewritten, per survey, in shuffled
  order with new random ids in one statement. (Old row versions stay on disk until PostgreSQL vacuums the table;
  run `VACUUM FULL surveys_surveycontact` after migrating to be rid of them at once.)
"""

import datetime
import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models

import surveys.models


def answer_ids_to_uuid(apps, schema_editor):
    table = schema_editor.quote_name("surveys_answer")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE uuid USING gen_random_uuid()")
        return
    Answer = apps.get_model("surveys", "Answer")
    old = Answer._meta.get_field("id")
    new = models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)
    new.set_attributes_from_name("id")
    new.model = Answer
    schema_editor.alter_field(Answer, old, new)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table}")  # noqa: S608
        for (old_id,) in cursor.fetchall():
            cursor.execute(f"UPDATE {table} SET id = %s WHERE id = %s", [uuid.uuid4().hex, old_id])  # noqa: S608


def answer_ids_back(apps, schema_editor):
    raise RuntimeError("Answer ids cannot go back to a sequence without giving away the order people answered")


def responses_to_week(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    for day in Response.objects.values_list("submitted_on", flat=True).distinct():
        monday = day - datetime.timedelta(days=day.weekday())
        if monday != day:
            Response.objects.filter(submitted_on=day).update(submitted_on=monday)


def shuffle_contacts(apps, schema_editor):
    SurveyContact = apps.get_model("surveys", "SurveyContact")
    rng = secrets.SystemRandom()
    for survey_id in SurveyContact.objects.values_list("survey_id", flat=True).distinct():
        people = list(SurveyContact.objects.filter(survey_id=survey_id).values("name", "email", "phone"))
        rng.shuffle(people)
        SurveyContact.objects.filter(survey_id=survey_id).delete()
        SurveyContact.objects.bulk_create(SurveyContact(id=uuid.uuid4(), survey_id=survey_id, **p) for p in people)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_survey_updated_at_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(answer_ids_to_uuid, answer_ids_back)],
            state_operations=[
                migrations.AlterField(
                    model_name="answer",
                    name="id",
                    field=models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="response",
            name="submitted_on",
            field=models.DateField(default=surveys.models.this_week, help_text="The Monday of the week it was sent."),
        ),
        migrations.RunPython(responses_to_week, migrations.RunPython.noop),
        migrations.RunPython(shuffle_contacts, migrations.RunPython.noop),
        migrations.CreateModel(
            name="PendingContact",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("sealed", models.BinaryField()),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="surveys.survey"
                    ),
                ),
            ],
        ),
    ]

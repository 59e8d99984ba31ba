"""Indexes built concurrently on big tables: a rerun after an interrupted build leaves a usable index."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models

from insourcing.migration_operations import index_concurrently

INDEX = "surveys_survey_updated_at_2d1569ba"  # built by surveys/migrations/0004


def _index() -> tuple[str, bool] | None:
    """(table, valid) of the index, if it exists."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_class t ON t.oid = i.indrelid WHERE c.relname = %s",
            [INDEX],
        )
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_a_rerun_rebuilds_an_index_a_failed_concurrent_build_left_invalid():
    assert _index() == ("surveys_survey", True)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{INDEX}"')
        # A concurrent build that fails part-way (here: duplicates under UNIQUE) leaves an INVALID index behind.
        with pytest.raises(IntegrityError):
            cursor.execute(f'CREATE UNIQUE INDEX CONCURRENTLY "{INDEX}" ON django_content_type (app_label)')
    assert _index() == ("django_content_type", False)

    operation = index_concurrently(
        model_name="survey",
        name="updated_at",
        field=models.DateTimeField(auto_now=True, db_index=True),
        table="surveys_survey",
        index=INDEX,
    )
    [build] = operation.database_operations
    with connection.schema_editor(atomic=False) as editor:
        build.code(apps, editor)
    assert _index() == ("surveys_survey", True)

"""Short codes unique (0007 gave each survey its own): the unique index is built without locking out members.

The index is built CONCURRENTLY, so members go on answering (the survey table is read on every member page),
then attached as the unique constraint Django makes for `unique=True`, so later migrations find it by its name.
"""

from django.db import migrations, models

import surveys.links

# The linter refuses any unique index on an existing table, for fear that the previous release, still running,
# writes duplicates. It cannot: it writes no code at all (NULL), and a unique index allows any number of NULLs.
# The build itself takes no write lock (CONCURRENTLY), and attaching the built index as the constraint is a
# catalogue change, not a scan.
try:
    from django_migration_linter import IgnoreMigration

    LINTER = [IgnoreMigration()]
except ImportError:  # the linter is a test tool
    LINTER = []

TABLE = "surveys_survey"
COLUMN = "short_code"


def _constraint_name(schema_editor) -> str:
    """The name Django itself gives the unique constraint of a `unique=True` column, so later migrations find it."""
    return schema_editor._create_index_name(TABLE, [COLUMN], suffix="_uniq")


def make_short_codes_unique(apps, schema_editor):
    quote = schema_editor.quote_name
    name = _constraint_name(schema_editor)
    if schema_editor.connection.vendor != "postgresql":  # SQLite for `make run`: a small table, built plainly
        schema_editor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {quote(name)} ON {quote(TABLE)} ({quote(COLUMN)})")
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s", [name]
        )
        row = cursor.fetchone()
    if row and not row[0]:  # an interrupted concurrent build leaves an INVALID index: build it again
        schema_editor.execute(f"DROP INDEX CONCURRENTLY {quote(name)}")
        row = None
    if row is None:
        schema_editor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {quote(name)} ON {quote(TABLE)} ({quote(COLUMN)})")
    # Only a brief lock: the index is already built and checked.
    schema_editor.execute(f"ALTER TABLE {quote(TABLE)} ADD CONSTRAINT {quote(name)} UNIQUE USING INDEX {quote(name)}")


def drop_unique(apps, schema_editor):
    quote = schema_editor.quote_name
    name = _constraint_name(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {quote(TABLE)} DROP CONSTRAINT IF EXISTS {quote(name)}")
    else:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("surveys", "0007_survey_short_typed_link"),
    ]

    operations = [
        *LINTER,
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="survey",
                    name="short_code",
                    field=models.CharField(
                        default=surveys.links.new_short_code, editable=False, max_length=10, null=True, unique=True
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(make_short_codes_unique, drop_unique, elidable=False)],
        ),
    ]

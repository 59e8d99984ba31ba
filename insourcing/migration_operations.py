"""Migration operations that keep a big table writable while they run (the migration linter's rules)."""

from django.db import migrations


def index_concurrently(*, model_name: str, name: str, field, table: str, index: str):
    """Mark `name` indexed (`field` has db_index=True) and build the index without locking out writes.

    PostgreSQL builds it CONCURRENTLY, so the migration holding this must set `atomic = False`; SQLite
    (development) builds it plainly. `index` is the name Django gives a db_index index, so later migrations find it.
    """

    def build(apps, schema_editor):
        quote = schema_editor.quote_name
        concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(
            f"CREATE INDEX{concurrently} IF NOT EXISTS {quote(index)} ON {quote(table)} ({quote(name)})"
        )

    def drop(apps, schema_editor):
        concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {schema_editor.quote_name(index)}")

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model_name, name=name, field=field)],
        database_operations=[migrations.RunPython(build, drop, elidable=False)],
    )

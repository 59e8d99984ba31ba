"""Claim before acting: the one way a job that must act once (send a mail, make a draft, delete a file) makes sure
two runs, a retried worker or a double click never both act.

A claim is a conditional UPDATE of the row that records the action: `claim(rows, pk=..., **changes)` applies
`changes` to row `pk` only if `rows` (a queryset whose filter says "not done yet") still selects it, and tells
the caller whether it won. PostgreSQL (READ COMMITTED) makes a second UPDATE of the same row wait until the
first commits, then re-checks the filter against the committed row: as long as `changes` make the filter false
(a `*_at IS NULL` set, a status moved on), exactly one caller wins. Nothing is locked beyond the one row and
nothing is read first, so there is no window between a check and a write.

Where the claim goes decides what a failure does:
- inside the transaction that acts (`with transaction.atomic(): if claim(...): send()`): a failing action
  rolls the claim back, so the next run tries again;
- in its own committed transaction before acting: the action is never repeated, even if the worker dies.

A job whose claim is a row that does not exist yet (one reminder per plan row, kind and deadline; one digest per
campaign and week) claims by inserting it: `claim_new(Model, rows, unique=...)` inserts each row unless one with the
same unique key exists (the model's unique constraint, `ON CONFLICT DO NOTHING`), and returns the rows this caller
inserted, i.e. won. A second caller's insert waits on the first's uncommitted row, then does nothing.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet


def claim(rows: QuerySet, *, pk: Any, **changes: Any) -> bool:
    """Apply `changes` to row `pk` if `rows` still selects it; True only for the caller whose UPDATE did."""
    if not changes:
        raise ValueError("A claim must change the row, or every caller would win.")
    return rows.filter(pk=pk).update(**changes) == 1


def claim_new(
    model: type[Model], rows: Sequence[dict[str, Any]], *, unique: Sequence[str], returning: Sequence[str] = ("id",)
) -> list[tuple]:
    """Insert each row (fields by name) unless its `unique` key exists; the `returning` values of the rows won."""
    if not rows:
        return []
    opts = model._meta
    # Fields the caller left out get their model defaults (`claimed_at=timezone.now`), as `Model.objects.create` does.
    defaults = [f for f in opts.concrete_fields if f.has_default() and not f.primary_key and f.name not in rows[0]]
    rows = [{**row, **{f.name: f.get_default() for f in defaults}} for row in rows]
    names = list(rows[0])
    columns = [opts.get_field(name).column for name in names]
    conflict = [opts.get_field(name).column for name in unique]
    back = [opts.get_field(name).column for name in returning]
    quote = connection.ops.quote_name
    values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(map(quote, columns))}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({', '.join(map(quote, conflict))}) DO NOTHING RETURNING {', '.join(map(quote, back))}"
    )
    params = [_db_value(model, name, row[name]) for row in rows for name in names]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(found) for found in cursor.fetchall()]


def _db_value(model: type[Model], name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_save(value, connection)

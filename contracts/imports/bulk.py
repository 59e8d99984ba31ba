"""The biggest writes of a bulk import, done as one statement each: new contracts, history rows, figure sources.

Django's `bulk_create` prepares every value of every instance one by one (320,000 calls for a 10,000-row
register, over half of applying it), simple_history's `bulk_create_with_history` then builds one historical
instance per row and inserts it value by value, and the three to five FigureSource rows of each contract went the
same way. Here new rows go in as one array per column (`insert`), PostgreSQL copies the rows it has just stored
into the history table, filling the same columns simple_history would (tracked fields, date, user, reason, type),
so the history pages read them like any other; and the figure sources go in as five arrays. These statements are
PostgreSQL's (production, tests); the embedded SQLite of `make run` takes the ORM's way.
"""

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.db import connection, models

from contracts.register.models import FigureSource

CREATED, CHANGED = "+", "~"
BATCH = 500  # rows per statement on SQLite, within its limit on query parameters


def record_history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    history_type: str,
    user,
    reason: str,
    when: datetime.datetime,
) -> None:
    """One history row of `history_type` per stored row `objs` of `model`, as it now is in the database."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(
            objs,
            batch_size=BATCH,
            update=history_type == CHANGED,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
        return
    _copy_history(model, [obj.pk for obj in objs], history_type=history_type, user=user, reason=reason, when=when)


def _copy_history(model: type[models.Model], pks: list[int], *, history_type: str, user, reason: str, when) -> None:
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    target = [quote(history._meta.get_field(field.name).column) for field in tracked]
    target += [
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    source = [quote(field.column) for field in tracked]
    # Identifiers come from model metadata, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "  # noqa: S608
        f"SELECT {', '.join(source)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} = ANY(%s) ORDER BY {quote(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [when, reason, history_type, user.pk if user else None, pks])


def _array_type(field: models.Field) -> str:
    # Without the length (varchar[] rather than varchar(40)[]), as Django's own UNNEST insert does.
    return field.db_type(connection).split("(")[0]


def insert(model: type[models.Model], rows: Sequence[dict], *, user, reason: str, when: datetime.datetime) -> list:
    """Store new rows of `model`, each a dict of field attnames (`authority_id`) to values, every other field
    taking its default, with a CREATED history row each. Returns the new primary keys, in the order of `rows`.

    Values are stored as given: like `bulk_create`, no `save()` runs, so they must be clean already.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        record_history(model, objs, history_type=CREATED, user=user, reason=reason, when=when)
        return [obj.pk for obj in objs]
    meta, quote = model._meta, connection.ops.quote_name
    given = set().union(*rows)
    arrays, constants = [], []  # (field, values); a field no row gives is one value, not 10,000 copies of it
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants.append((field, when))
        elif field.attname in given:
            default = field.get_default()
            arrays.append((field, [row.get(field.attname, default) for row in rows]))
        else:
            constants.append((field, field.get_default()))
    unknown = given - {field.attname for field in meta.concrete_fields}
    if unknown:
        raise TypeError(f"{meta.label} has no field {', '.join(sorted(unknown))}")
    names = [f"c{number}" for number in range(len(arrays))]
    selected = names + [f"%s::{_array_type(field)}" for field, _ in constants]
    pk = quote(meta.pk.column)
    # Identifiers come from model metadata, quoted; every value is a parameter. Rows go in in the order of
    # `rows` (ORDER BY the ordinality), so the sequence hands out ascending keys in that order: sorting the
    # keys RETURNING gives back pairs them with `rows`, whatever order PostgreSQL returns them in.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field, _ in arrays + constants)}) "
        f"SELECT {', '.join(selected)} "
        f"FROM UNNEST({', '.join(f'%s::{_array_type(field)}[]' for field, _ in arrays)}) "
        f"WITH ORDINALITY AS source ({', '.join(names)}, position) ORDER BY position RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _, value in constants] + [values for _, values in arrays])
        pks = sorted(pk for (pk,) in cursor.fetchall())
    if len(pks) != len(rows):
        raise RuntimeError(f"{len(rows)} rows of {meta.label} sent, {len(pks)} stored")
    _copy_history(model, pks, history_type=CREATED, user=user, reason=reason, when=when)
    return pks


class Source(NamedTuple):
    contract_id: int
    field: str
    kind: str
    detail: str
    as_of: datetime.date | None


def record_sources(sources: Sequence[Source], *, user, when: datetime.datetime) -> None:
    """Store where each figure came from, replacing an earlier source of the same contract field."""
    if not sources:
        return
    if connection.vendor != "postgresql":
        FigureSource.objects.bulk_create(
            [FigureSource(**source._asdict(), recorded_by=user, recorded_at=when) for source in sources],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["contract", "field"],
            update_fields=["kind", "detail", "as_of", "recorded_by", "recorded_at"],
        )
        return
    meta, quote = FigureSource._meta, connection.ops.quote_name
    names = list(Source._fields)
    fields = [meta.get_field(name.removesuffix("_id")) for name in names]
    columns = [quote(field.column) for field in fields]
    arrays = ", ".join(f"%s::{_array_type(field)}[]" for field in fields)
    stamped = [quote(meta.get_field(name).column) for name in ("recorded_by", "recorded_at")]
    unique = [quote(meta.get_field(name).column) for name in ("contract", "field")]
    replaced = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[2:] + stamped)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns + stamped)}) "  # noqa: S608 (as above)
        f"SELECT {', '.join(columns)}, %s, %s FROM UNNEST({arrays}) AS source ({', '.join(columns)}) "
        f"ON CONFLICT ({', '.join(unique)}) DO UPDATE SET {replaced}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if user else None, when, *(list(column) for column in zip(*sources, strict=True))])

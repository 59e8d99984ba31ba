"""The two biggest writes of a bulk import, done as one statement each: history rows and figure sources.

simple_history's `bulk_create_with_history` builds one historical instance per row in Python and then inserts it
value by value, and `bulk_create` does the same for the three to five FigureSource rows of each contract; for a
10,000-row register those two were over half the import. Here PostgreSQL copies the contract rows it has just
stored into the history table, filling the same columns simple_history would (tracked fields, date, user,
reason, type), so the history pages read them like any other; and the figure sources go in as five arrays.
Both statements are PostgreSQL's (production, tests); the embedded SQLite of `make run` takes the ORM's way.
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
    pks = [obj.pk for obj in objs]
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
    # Array types without their length (varchar[] rather than varchar(40)[]), as Django's own UNNEST insert does.
    arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
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

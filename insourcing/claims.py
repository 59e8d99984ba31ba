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

A job that needs a claim for something with no row yet (one digest per campaign and week) first makes the row
unclaimed (`get_or_create`, `bulk_create(ignore_conflicts=True)`; neither claims anything) and then claims it here.
"""

from typing import Any

from django.db.models import QuerySet


def claim(rows: QuerySet, *, pk: Any, **changes: Any) -> bool:
    """Apply `changes` to row `pk` if `rows` still selects it; True only for the caller whose UPDATE did."""
    if not changes:
        raise ValueError("A claim must change the row, or every caller would win.")
    return rows.filter(pk=pk).update(**changes) == 1

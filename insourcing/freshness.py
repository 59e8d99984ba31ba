"""A data generation per branch, so cached figures of a branch can be told apart from current ones.

Each branch has a token in the cache that changes whenever data the dashboards read changes. A cached
fragment's key holds the tokens of the branches it covers, so after a change the next read misses and
recomputes; old fragments are never read again and age out (DASHBOARD_CACHE_SECONDS).

Changes saved through models reach `mark_changed` from the receivers in `overview.dashboards.signals`.
Writes that bypass signals (`bulk_create`, `QuerySet.update()`) call it themselves. Any app may import this
module (it knows no other app).

A token is changed after the transaction commits: changed before, a concurrent reader could cache the old
rows under the new token. Inside a transaction the branches are collected and bumped together at commit.
"""

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction

PREFIX = "branch-data:"
logger = logging.getLogger(__name__)


def _key(branch_id: int) -> str:
    return f"{PREFIX}{branch_id}"


def _bump(branch_ids: Iterable[int]) -> None:
    # A fresh random token rather than a counter: after an eviction a counter could come back to a value an
    # older fragment was cached under.
    try:
        cache.set_many({_key(pk): uuid.uuid4().hex for pk in set(branch_ids)}, timeout=None)
    except Exception as exc:  # the cache (Redis) is down: the change is saved; cached figures go with the cache
        logger.warning("Could not mark branch data changed: %s", type(exc).__name__)


def mark_changed(branch_ids: Iterable[int | None]) -> None:
    """Data of these branches changed: bump their tokens once the current transaction commits."""
    ids = {pk for pk in branch_ids if pk is not None}
    if not ids:
        return
    if not connection.in_atomic_block:
        _bump(ids)
        return
    # Collected on the connection and bumped by the first callback to run; the others find nothing left. A
    # callback per call rather than per transaction: a rolled-back savepoint drops the callbacks made in it.
    pending = getattr(connection, "branch_data_changed", None)
    if pending is None:
        pending = connection.branch_data_changed = set()
    pending |= ids
    transaction.on_commit(_flush)


def _flush() -> None:
    pending = getattr(connection, "branch_data_changed", None)
    if pending:
        connection.branch_data_changed = set()
        _bump(pending)


def generations(branch_ids: Iterable[int]) -> dict[int, str]:
    """The current token of each branch, one cache round trip (two when some branch has none yet).

    Raises whatever the cache raises when it is down: the caller then computes without it."""
    ids = sorted(set(branch_ids))
    found = cache.get_many([_key(pk) for pk in ids])
    missing = {_key(pk): uuid.uuid4().hex for pk in ids if _key(pk) not in found}
    if missing:
        # add() leaves a token another process set meanwhile; read back so both use the same one.
        for key, token in missing.items():
            cache.add(key, token, timeout=None)
        found.update(cache.get_many(list(missing)))
    return {pk: found.get(_key(pk), "") for pk in ids}

"""The region table's branch rows, each cached apart under its branch's data generation, so the first load after
one officer's save computes that branch's figures and no other's (issue #21).

A branch's entry is its `region.Row` (figures, and its table row rendered as the page shows it), keyed by the
branch id, its data generation (`insourcing.freshness`), the day, the fields of `Row` (code that changed them
never reads another version's rows) and what the rendered row depends on beyond the data: the URL configuration,
script prefix and language. The branches with no entry are computed together by `region.branch_rows`, in its
fixed number of grouped queries; the region's total, sorting, filtering and search are made from the rows on each
load (`region.region_table`), so the total always adds up the rows the page shows.

The page's whole fragment is still cached around this (views.py): a load with nothing changed reads that alone.
"""

import dataclasses
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from insourcing.models import Branch

from . import region

logger = logging.getLogger(__name__)

ROW_TEMPLATE = "insourcing/region_row.html"
_FIELDS = ",".join(f.name for f in dataclasses.fields(region.Row))


def _keys(branches: list[Branch], generations: dict[int, str], today) -> dict[int, str]:
    context = repr((_FIELDS, today.isoformat(), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix()))
    context = hashlib.sha256(f"{context}{get_language()}".encode()).hexdigest()[:24]
    return {b.pk: f"dashboard-row:{context}:{b.pk}:{generations[b.pk]}" for b in branches}


def render(rows) -> None:
    template = get_template(ROW_TEMPLATE)
    for row in rows:
        row.html = template.render({"row": row})


def branch_rows(branches: list[Branch], generations: dict[int, str] | None, *, today) -> dict[int, region.Row]:
    """Every branch's row (figures and HTML), by branch id: from the cache where its generation has one, the
    others computed together. `generations` None (the cache is down): all computed, nothing stored."""
    keys = _keys(branches, generations, today) if generations is not None else {}
    found = {}
    if keys:
        try:
            cached = cache.get_many(list(keys.values()))
        except Exception as exc:  # the cache (Redis) went down: the figures can still be computed
            logger.warning("Dashboard cache unavailable: %s", type(exc).__name__)
            cached, keys = {}, {}
        for branch in branches:
            row = cached.get(keys.get(branch.pk))
            if row is not None:
                row.branch = branch  # stored without it: the Branch read on this load (its name sorts the rows)
                found[branch.pk] = row
    missing = [b for b in branches if b.pk not in found]
    computed = region.branch_rows(missing, today=today)
    render(computed.values())
    if keys and computed:
        try:
            cache.set_many(
                {keys[pk]: dataclasses.replace(row, branch=None) for pk, row in computed.items()},
                settings.DASHBOARD_CACHE_SECONDS,
            )
        except Exception as exc:
            logger.warning("Dashboard cache unavailable: %s", type(exc).__name__)
    return found | computed

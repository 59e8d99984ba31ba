"""Every list page against Django admin's changelist for the same model, rows and columns (issue 21).

The app runs on one gunicorn (production settings), the anchors on a second one (`bench.anchor_settings`, the same
settings with `bench.anchor_admin`'s site as URLconf), both with 2 workers on loopback and the same database. For
each page the bench signs in once as the page's user on the app's server; the session is valid on both. Before
and after measuring, both pages must answer 200 with the expected first row and show the same number of rows.

The page and its anchor are then fetched in interleaved rounds (bench/pairs.py: blocks), `duration` seconds in
all for each, two clients at a time (one per worker), every request answered before the CPU is read, so a busy
patch of the shared machine hits both alike and no request's work is counted on the other side. The figure
compared is CPU time per request: gunicorn workers plus PostgreSQL backends, from /proc (bench/web.py:
cpu_seconds). Goal: at most half the anchor's.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import pairs
from .core import Result
from .goals import GoalRow
from .web import BenchError, _request, login

SCALE_ORGANISER = "scale-organiser@example.org"  # generate_scale_data: the "Scale" region, 30 branches
ORGANISER = "organiser@example.org"  # seed_demo + bench.seed: the Eastern region, 62 branches
GOAL = 0.5
WORKERS = 2  # each server's gunicorn workers (scripts/bench.sh): one client per worker, so nothing queues
METRIC = "CPU ms per request"
ANCHOR = "Django admin changelist, same rows and columns"


@dataclass(frozen=True)
class ListPage:
    name: str
    path: str
    anchor_path: str  # on the anchors' server
    login: str
    # Text of a row both pages must show (so a login page or an empty list is never measured), or a function giving
    # it from the database.
    expect: str | Callable[[], str]
    rows: int  # rows both pages must show


# Region scale (bench.seed.seed_scale tops the Scale region up so every list has a full page of 50).
LIST_PAGES = [
    ListPage(
        "contract list, 50 rows, region scale (3,000 contracts)",
        "/contracts/",
        "/anchor-admin/contracts/contract/",
        SCALE_ORGANISER,
        expect="Scale Branch",
        rows=50,
    ),
    ListPage(
        "branch list, 50 rows (62 branches)",
        "/branches/",
        "/anchor-admin/insourcing/branch/",
        ORGANISER,
        expect="Bench Branch 001",
        rows=50,
    ),
    ListPage(
        "authority list, 50 rows",
        "/authorities/",
        "/anchor-admin/contracts/publicauthority/",
        SCALE_ORGANISER,
        expect="Scale Branch 01 Council",
        rows=50,
    ),
    ListPage(
        "provider list, 50 rows",
        "/providers/",
        "/anchor-admin/contracts/provider/",
        SCALE_ORGANISER,
        expect=lambda: _first_provider(),
        rows=50,
    ),
    ListPage(
        "FoI request list, 50 rows",
        "/foi/",
        "/anchor-admin/contracts/foirequest/",
        SCALE_ORGANISER,
        expect="Scale Branch",
        rows=50,
    ),
    ListPage(
        "comparison list, 50 rows",
        "/comparisons/",
        "/anchor-admin/contracts/comparison/",
        SCALE_ORGANISER,
        expect="Bench comparison",
        rows=50,
    ),
    ListPage(
        "campaign list, 50 rows (300 campaigns)",
        "/campaigns/",
        "/anchor-admin/campaigns/campaign/",
        SCALE_ORGANISER,
        expect="Campaign 1 of Scale Branch",
        rows=50,
    ),
    ListPage(
        "survey list, 50 rows",
        "/surveys/",
        "/anchor-admin/surveys/survey/",
        SCALE_ORGANISER,
        expect="Scale Branch",
        rows=50,
    ),
]


def _first_provider() -> str:
    from django.utils.html import escape

    from contracts.models import Provider

    return escape(Provider.objects.order_by("name").values_list("name", flat=True).first())


_TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)


def rows_shown(html: str) -> int:
    """Rows of the page's first table body: the list (the app's table and the admin's result list alike)."""
    body = _TBODY.search(html)
    return 0 if body is None else len(re.findall(r"<tr[\s>]", body.group(1)))


def _check(url: str, path: str, page: ListPage, headers: dict) -> int:
    response, html = _request(url, "GET", path, headers=headers)
    expect = page.expect() if callable(page.expect) else page.expect
    if response.status != 200 or expect not in html:
        where = response.getheader("Location") or " ".join(html[:200].split())
        raise BenchError(f"{url}{path} answered {response.status} without {expect!r}: {where}")
    shown = rows_shown(html)
    if shown != page.rows:
        raise BenchError(f"{url}{path} shows {shown} rows, not {page.rows}: not the same rows as its anchor")
    return len(html.encode())


def run(
    base_url: str,
    anchor_url: str,
    *,
    seconds: float,
    rounds: int,
    warmup: float,
    server_pids: frozenset[int],
    pages=None,
    progress=print,
) -> tuple[list[GoalRow], list[Result]]:
    sessions: dict[str, str] = {}
    rows, results = [], []
    for page in pages or LIST_PAGES:
        try:
            if page.login not in sessions:
                sessions[page.login] = login(base_url, page.login)
            headers = {"Cookie": f"sessionid={sessions[page.login]}"}
            where = {"page": (base_url, page.path), "anchor": (anchor_url, page.anchor_path)}
            size = {side: _check(url, path, page, headers) for side, (url, path) in where.items()}
            progress(f"  {page.path} against {page.anchor_path}: {rounds} interleaved rounds")
            sides = [(side, url, path, headers) for side, (url, path) in where.items()]
            totals = pairs.blocks(
                sides, seconds=seconds, rounds=rounds, warmup=warmup, concurrency=WORKERS, server_pids=server_pids
            )
            for url, path in where.values():
                _check(url, path, page, headers)  # still signed in, still the same rows
        except BenchError as error:
            rows.append(GoalRow(page.name, METRIC, None, ANCHOR, None, GOAL, error=str(error)))
            continue
        page_total, anchor_total = totals["page"], totals["anchor"]
        results.append(pairs.result(page.name, page.path, page_total, html_bytes=size["page"]))
        anchor_name = f"anchor: Django admin changelist ({page.anchor_path})"
        results.append(pairs.result(anchor_name, page.anchor_path, anchor_total, html_bytes=size["anchor"]))
        errors = page_total.errors + anchor_total.errors
        rows.append(
            GoalRow(
                page.name,
                METRIC,
                page_total.cpu_ms,
                ANCHOR,
                anchor_total.cpu_ms,
                GOAL,
                error=f"{errors} failed requests" if errors else "",
                detail={
                    "path": page.path,
                    "anchor_path": page.anchor_path,
                    "login": page.login,
                    "per_second": page_total.per_second,
                    "anchor_per_second": anchor_total.per_second,
                    "html_bytes": size["page"],
                    "anchor_html_bytes": size["anchor"],
                },
            )
        )
    return rows, results

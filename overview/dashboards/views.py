"""Dashboard pages: the officer's home page and organiser's region table at /dashboard/, a read-only branch
drill-down, and the region table as XLSX.

/dashboard/ caches its two rendered fragments (the officer's panels, the region tables), never the page around
them (per-user navigation, the CSRF token of the logout form). A fragment's key holds everything it depends
on: whose it is, the day, the table options and the data generation of each branch it covers
(`insourcing.freshness`), so a change to a branch's data is on the next load. Inside the region fragment each
branch's row is cached apart under its own generation (`rowcache`), so after one branch's change only that
branch's figures are computed. The export computes afresh.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from insourcing import freshness
from insourcing.access import get_for_user
from insourcing.exports import XLSX_CONTENT_TYPE, exportable_page, requested_export, spreadsheet_download
from insourcing.models import Branch, Region

from . import export, region, rowcache
from .branch import branch_dashboard

logger = logging.getLogger(__name__)


def _table_options(request) -> dict:
    sort = request.GET.get("sort", "name")
    return {
        "sort": sort if sort in region.SORTS else "name",
        "descending": request.GET.get("dir") == "desc",
        "only": request.GET.get("only", "") if request.GET.get("only", "") in region.FILTERS else "",
        "search": request.GET.get("q", "").strip()[:100],
    }


def _shown(tables: list[region.RegionTable], options: dict) -> list[region.RegionTable]:
    """The tables with the rows the options show (sorted, filtered, searched): the page's and the export's."""
    for table in tables:
        table.shown = region.sort_and_filter(table, **options)
    return tables


def _region_tables(user, options: dict, today) -> list[region.RegionTable]:
    regions = Region.objects.filter(pk__in=user.organiser_region_ids).order_by("name")
    return _shown(region.region_tables(regions, today=today) if user.is_organiser else [], options)


def _cached_fragment(parts: tuple, branch_ids, build) -> str:
    """`build(today, generations)`'s HTML, cached under `parts`, today's date and the generations of `branch_ids`
    (given to `build` too: None when the cache is down)."""
    today = timezone.localdate()
    try:
        generations = freshness.generations(branch_ids)
        stamp = repr((parts, today.isoformat(), sorted(generations.items())))
        key = "dashboard:" + hashlib.sha256(stamp.encode()).hexdigest()
        html = cache.get(key)
    except Exception as exc:  # the cache (Redis) is down: the figures can still be computed
        logger.warning("Dashboard cache unavailable: %s", type(exc).__name__)
        return mark_safe(build(today, None))  # noqa: S308  (rendered by our own templates, autoescaped)
    if html is None:
        html = build(today, generations)
        try:
            cache.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
        except Exception as exc:
            logger.warning("Dashboard cache unavailable: %s", type(exc).__name__)
    return mark_safe(html)  # noqa: S308  (rendered by our own templates, autoescaped)


def _officer_fragment(user) -> str:
    branch_ids = sorted(user.officer_branch_ids)

    def build(today, generations):
        branches = Branch.objects.filter(pk__in=branch_ids).select_related("region").order_by("name")
        board = branch_dashboard(branches=branches, today=today, user=user)
        return render_to_string("insourcing/dashboard_officer.html", {"officer": board, "as_of": timezone.localtime()})

    # Keyed by user: "your plan rows" are this user's.
    return _cached_fragment(("officer", user.pk, tuple(branch_ids)), branch_ids, build)


def _regions_fragment(user, options: dict) -> str:
    region_ids = sorted(user.organiser_region_ids)
    # Read whole: their ids key the fragment, and on a miss the rows are theirs (one query either way).
    branches = list(Branch.objects.filter(region__in=region_ids).order_by("name"))

    def build(today, generations):
        # Only the branches whose generation moved since their row was cached are computed (rowcache).
        rows = rowcache.branch_rows(branches, generations, today=today)
        tables = _shown(
            region.tables(Region.objects.filter(pk__in=region_ids).order_by("name"), branches, rows), options
        )
        context = {
            "tables": tables,
            "options": options,
            "columns": region.COLUMNS,
            "filters": [(key, label) for key, (label, _) in region.FILTERS.items()],
            "as_of": timezone.localtime(),
        }
        return render_to_string("insourcing/dashboard_regions.html", context)

    return _cached_fragment(
        ("regions", tuple(region_ids), tuple(sorted(options.items()))), [b.pk for b in branches], build
    )


@exportable_page("xlsx")
@login_required
@require_GET
def dashboard(request):
    user = request.user
    if requested_export(request, ("xlsx",)):
        today = timezone.localdate()
        board = None
        if user.is_officer:
            branches = Branch.objects.filter(pk__in=user.officer_branch_ids).select_related("region").order_by("name")
            board = branch_dashboard(branches=branches, today=today, user=user)
        tables = _region_tables(user, _table_options(request), today)
        return _xlsx(export.panels_workbook(board, tables), f"dashboard-{today:%Y-%m-%d}.xlsx")
    return render(
        request,
        "insourcing/dashboard.html",
        {
            "officer_html": _officer_fragment(user) if user.is_officer else "",
            "regions_html": _regions_fragment(user, _table_options(request)) if user.is_organiser else "",
        },
    )


@exportable_page("xlsx")
@login_required
@require_GET
def branch_drilldown(request, slug):
    branch = get_for_user(Branch.objects.select_related("region"), request.user, slug=slug)
    board = branch_dashboard(branches=[branch], today=timezone.localdate())
    if requested_export(request, ("xlsx",)):
        return _xlsx(export.panels_workbook(board, []), f"dashboard-{branch.slug}-{timezone.localdate():%Y-%m-%d}.xlsx")
    return render(
        request,
        "insourcing/dashboard_branch.html",
        {"branch": branch, "board": board, "can_edit": request.user.can_edit_branch(branch.pk)},
    )


@spreadsheet_download("xlsx")
@login_required
@require_GET
def region_export(request):
    tables = _region_tables(request.user, _table_options(request), timezone.localdate())
    return _xlsx(export.workbook(tables), f"region-dashboard-{timezone.localdate():%Y-%m-%d}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

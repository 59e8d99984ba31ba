"""Dashboard pages: the officer's home page and organiser's region table at /dashboard/, a read-only branch
drill-down, and the region table as XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..access import get_for_user
from ..models import Branch, Region
from . import export, region
from .branch import branch_dashboard


def _table_options(request) -> dict:
    sort = request.GET.get("sort", "name")
    return {
        "sort": sort if sort in region.SORTS else "name",
        "descending": request.GET.get("dir") == "desc",
        "only": request.GET.get("only", "") if request.GET.get("only", "") in region.FILTERS else "",
        "search": request.GET.get("q", "").strip()[:100],
    }


def _region_tables(request, options: dict) -> list[region.RegionTable]:
    regions = Region.objects.filter(pk__in=request.user.organiser_region_ids).order_by("name")
    tables = region.region_tables(regions, today=timezone.localdate()) if request.user.is_organiser else []
    for table in tables:
        table.shown = region.sort_and_filter(table, **options)
    return tables


@login_required
@require_GET
def dashboard(request):
    user = request.user
    officer = None
    if user.is_officer:
        branches = Branch.objects.filter(pk__in=user.officer_branch_ids).select_related("region").order_by("name")
        officer = branch_dashboard(branches=branches, today=timezone.localdate(), user=user)
    options = _table_options(request)
    return render(
        request,
        "insourcing/dashboard.html",
        {
            "officer": officer,
            "tables": _region_tables(request, options),
            "options": options,
            "columns": region.COLUMNS,
            "filters": [(key, label) for key, (label, _) in region.FILTERS.items()],
        },
    )


@login_required
@require_GET
def branch_drilldown(request, slug):
    branch = get_for_user(Branch.objects.select_related("region"), request.user, slug=slug)
    board = branch_dashboard(branches=[branch], today=timezone.localdate())
    return render(
        request,
        "insourcing/dashboard_branch.html",
        {"branch": branch, "board": board, "can_edit": request.user.can_edit_branch(branch.pk)},
    )


@login_required
@require_GET
def region_export(request):
    tables = _region_tables(request, _table_options(request))
    response = HttpResponse(
        export.workbook(tables), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="region-dashboard-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response

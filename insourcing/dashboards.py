"""Dashboards. They read from every app; nothing imports this module but the URLconf."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Branch, Region


@login_required
@require_GET
def dashboard(request):
    user = request.user
    my_branches = Branch.objects.filter(pk__in=user.officer_branch_ids).select_related("region")
    regions = (
        Region.objects.filter(pk__in=user.organiser_region_ids)
        .annotate(branch_count=Count("branches"))
        .prefetch_related("branches")
    )
    return render(request, "insourcing/dashboard.html", {"my_branches": my_branches, "regions": regions})

"""The decision calendar on the plan: recounting deadlines from the deciding date, and the timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from insourcing.access import user_can_edit

from .. import decisions, timeline
from ..models import PlanRow
from .campaign import get_campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_recount(request, pk):
    """GET previews each row that moves (old date, new date); POST moves them. Rows whose deadline an officer set
    by hand, and rows the count would put in the past, move only when ticked."""
    campaign = get_campaign(request, pk, edit=True)
    if request.method == "POST":
        ticked = {int(v) for v in request.POST.getlist("also") if v.isdigit()}
        moved = decisions.plan_recount_apply(campaign=campaign, also=ticked)
        messages.success(
            request,
            f"{len(moved)} deadline{'s' if len(moved) != 1 else ''} recounted from the deciding date."
            if moved
            else "Nothing to move: every deadline already counts back from the deciding date.",
        )
        return redirect(campaign)
    return render(
        request,
        "campaigns/recount.html",
        {
            "campaign": campaign,
            "recount": decisions.plan_recount_preview(campaign=campaign),
            "can_edit": True,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def campaign_timeline(request, pk):
    campaign = get_campaign(request, pk)
    # Drafts too, marked as drafts: a freshly seeded plan is all drafts, and its shape is what the chart is for.
    rows = list(PlanRow.objects.filter(campaign=campaign).order_by("phase", "deadline", "pk"))
    data = timeline.timeline_data(campaign=campaign, rows=rows)
    return render(
        request,
        "campaigns/timeline.html",
        {
            "campaign": campaign,
            "timeline": data,
            "svg": timeline.timeline_svg(data, title=f"Timeline: {campaign.name}"),
            "can_edit": user_can_edit(campaign, request.user),
        },
    )

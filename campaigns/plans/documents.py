"""The campaign plan PDF, rendered by the shared document pipeline."""

from django.utils import timezone

from insourcing.documents import register, render_document_template
from insourcing.models import GeneratedDocument

from . import charts, services, timeline
from .models import Campaign, PlanRow


@register("campaign_plan", "Campaign plan", sources=lambda branch: Campaign.objects.filter(branch=branch))
def render_campaign_plan(document: GeneratedDocument) -> str:
    campaign = (
        Campaign.objects.select_related("branch", "lead")
        .prefetch_related("target_contracts__authority", "team", "snapshots")
        .get(pk=document.source_id)
    )
    rows = list(PlanRow.objects.filter(campaign=campaign).select_related("responsible"))
    snapshots = campaign.snapshots.all()
    accepted = sorted((r for r in rows if not r.is_draft), key=lambda r: (r.phase, r.deadline or campaign.started_on))
    data = timeline.timeline_data(campaign=campaign, rows=accepted)
    return render_document_template(
        "pdf/campaigns/plan.html",
        {
            "document": document,
            "campaign": campaign,
            "branch": campaign.branch,
            "phases": services.plan_by_phase(campaign=campaign, rows=rows),
            "chart": charts.trend_svg(campaign, snapshots),
            "progress": charts.progress(campaign, snapshots),
            "snapshots": snapshots,
            "today": timezone.localdate(),
            "timeline": data,
            "timeline_svg": timeline.timeline_svg(data, title=f"Timeline: {campaign.name}"),
        },
    )

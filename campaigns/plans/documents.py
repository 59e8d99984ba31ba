"""The campaign plan PDF, rendered by the shared document pipeline."""

from django.utils import timezone

from insourcing.documents import register, render_document_template
from insourcing.models import GeneratedDocument

from . import charts, decisions, services, timeline, workdays
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
    # The printed plan marks what the page marks: dates on a non-working day, and pressure due after the decision.
    workdays.mark_non_working(rows, campaign, list(campaign.target_contracts.all()))
    deciding = decisions.deciding_meeting(campaign)
    late = {r.pk for r in decisions.rows_after_decision(rows, deciding)}
    for row in rows:
        row.after_decision = deciding.decides_phrase if row.pk in late else ""
    # Drafts are on the timeline too (hollow dots), as on the page.
    data = timeline.timeline_data(
        campaign=campaign, rows=sorted(rows, key=lambda r: (r.phase, r.deadline or campaign.started_on))
    )
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
            "deciding": deciding,
            # Narrower than on screen with the same text size: scaled to the page's width the text prints at
            # about 8 pt (640 units on 170 mm), where 960 units printed it at about 5 pt.
            "timeline_svg": timeline.timeline_svg(data, title=f"Timeline: {campaign.name}", width=640, font=11),
        },
    )

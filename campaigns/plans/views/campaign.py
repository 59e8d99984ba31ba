"""Campaigns and their plans: start, the plan page, targets, review and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.models import Contract
from insourcing.access import get_for_user, user_can_edit
from insourcing.exports import spreadsheet_download
from insourcing.lists import ScopedListView
from insourcing.models import Branch, GeneratedDocument
from insourcing.services import document_request

from .. import charts, decisions, exports, services, workdays
from ..forms import CampaignForm, CampaignStartForm, PlanFilterForm, ReviewForm, TargetsForm
from ..models import Campaign, PlanRow
from ..models.parts import PlanRowQuerySet
from ..tables import CampaignFilter, CampaignTable


def get_campaign(request, pk, *, edit=False) -> Campaign:
    return get_for_user(Campaign.objects.select_related("branch", "lead"), request.user, edit=edit, pk=pk)


def filtered_rows(campaign: Campaign, user, show: str):
    rows = PlanRow.objects.filter(campaign=campaign).select_related("responsible")
    if show == "mine":
        rows = rows.for_person(user)
    elif show == "overdue":
        rows = rows.overdue()
    elif show == "phase":
        rows = rows.filter(phase=campaign.phase)
    return rows


class CampaignListView(ScopedListView):
    model = Campaign
    table_class = CampaignTable
    filterset_class = CampaignFilter
    template_name = "campaigns/campaign_list.html"
    title = "Campaigns"
    intro = "Insourcing campaigns you can see, with their open and overdue tasks."
    export_name = "campaigns"

    def get_base_queryset(self):
        today = timezone.localdate()
        live = Q(plan_rows__is_draft=False, plan_rows__status__in=["todo", "doing"])
        return (
            Campaign.objects.select_related("branch")
            .prefetch_related(Prefetch("target_contracts", queryset=Contract.objects.only("pk", "service")))
            .annotate(
                open_rows=Count("plan_rows", filter=live),
                overdue_rows=Count("plan_rows", filter=PlanRowQuerySet.overdue_q(today, prefix="plan_rows__")),
            )
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_start"] = self.request.user.is_officer
        # Filtered to one branch (its page links here): "Start a campaign" starts one in that branch.
        context["branch_slug"] = self.request.GET.get("branch", "")
        return context


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    initial = {}
    contract_id = request.GET.get("contract", "")
    branch_slug = request.GET.get("branch", "")
    if branch_slug:
        # From a branch page: that branch is chosen (only if the officer may start campaigns there).
        branch = Branch.objects.editable_by(request.user).filter(slug=branch_slug).first()
        if branch:
            initial = {"branch": branch.pk}
    if contract_id.isdigit():
        contract = get_for_user(Contract, request.user, edit=True, pk=contract_id)
        initial = {
            "branch": contract.branch_id,
            "target_contracts": [contract.pk],
            "name": f"Bring {contract.service} back in-house",
        }
    form = CampaignStartForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = services.campaign_start(
            branch=data["branch"],
            user=request.user,
            name=data["name"],
            goal=data["goal"],
            contracts=list(data["target_contracts"]),
            started_on=data["started_on"],
            seed=data["seed_from_guide"],
        )
        messages.success(
            request,
            "Campaign started. The guide's steps are offered below as drafts: accept, edit or drop each one."
            if data["seed_from_guide"]
            else "Campaign started.",
        )
        return redirect(campaign)
    if not form.fields["branch"].queryset.exists():
        messages.error(request, "Only branch officers can start campaigns.")
        return redirect("campaigns:campaign_list")
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "title": "Start a campaign",
            "submit": "Start the campaign",
            "cancel": reverse("campaigns:campaign_list"),
        },
    )


def _with_responsible(rows, team) -> list:
    """The rows, each with its responsible team member taken from `team` (fetched anyway for the page) rather than
    joined and built again for every row: a third of fetching 500 rows."""
    members = {member.pk: member for member in team}
    rows = list(rows.select_related(None))
    for row in rows:
        if row.responsible_id in members:
            row.responsible = members[row.responsible_id]
    return rows


@login_required
@require_GET
def campaign_detail(request, pk):
    campaign = get_campaign(request, pk)
    filter_form = PlanFilterForm(request.GET or None)
    show = filter_form.cleaned_data["show"] if filter_form.is_valid() else ""
    team = list(campaign.team.all())
    rows = _with_responsible(filtered_rows(campaign, request.user, show), team)
    snapshots = list(campaign.snapshots.all())
    # The meetings read once, in date order, for the deciding meeting, the recount and the next 30 days.
    meetings = list(campaign.decision_meetings.all())
    deciding = decisions.deciding_meeting(campaign, meetings=meetings)
    # Unfiltered, the page's rows are every row: the recount and the next 30 days read them rather than fetching
    # them again.
    every_row = None if show else rows
    recount = decisions.plan_recount_preview(campaign=campaign, rows=every_row, meetings=meetings)
    workdays.mark_non_working(rows, campaign, nation=recount.nation)
    context = {
        "deciding": deciding,
        "late_rows": decisions.rows_after_decision(rows, deciding),
        "recount": recount,
        "next_days": decisions.next_days(campaign=campaign, rows=every_row, meetings=meetings),
        "campaign": campaign,
        "can_edit": user_can_edit(campaign, request.user),
        "contracts": recount.contracts,  # fetched for the recount, with their authorities
        "team": team,
        "phases": services.plan_by_phase(campaign=campaign, rows=rows),
        "has_rows": bool(rows),
        "filter_form": filter_form,
        "show": show,
        # Unfiltered, the rows are every row: count the drafts among them rather than asking again.
        "draft_count": (
            PlanRow.objects.filter(campaign=campaign, is_draft=True).count()
            if show
            else sum(row.is_draft for row in rows)
        ),
        "chart": charts.trend_svg(campaign, snapshots),
        "progress": charts.progress(campaign, snapshots),
        "documents": GeneratedDocument.objects.for_source(campaign).filter(kind="campaign_plan")[:3],
        "statuses": PlanRow.Status.choices,
        # Set when the first targets were chosen after the start: offer the dated steps even beside existing rows.
        "offer_seed": request.session.pop(f"offer_seed_{campaign.pk}", False),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def _campaign_form_view(
    request, pk, form_class, *, title, success, template="campaigns/form.html", form_kwargs=None, on_save=None
):
    campaign = get_campaign(request, pk, edit=True)
    form = form_class(request.POST or None, instance=campaign, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        before = on_save and set(campaign.target_contracts.values_list("pk", flat=True))
        form.save()
        messages.success(request, success)
        if on_save:
            on_save(request, campaign, before)
        return redirect(campaign)
    return render(
        request,
        template,
        {
            "form": form,
            "campaign": campaign,
            "title": title,
            "submit": "Save",
            "cancel": campaign.get_absolute_url(),
            "can_edit": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    return _campaign_form_view(
        request,
        pk,
        CampaignForm,
        title="Edit the campaign",
        success="Campaign saved.",
        form_kwargs={"user": request.user},
        on_save=_offer_seed_on_first_targets,
    )


def _offer_seed_on_first_targets(request, campaign, before):
    """Started without a target, the plan's dates (if any) count from two years after the start; once the first
    targets are chosen, the plan page offers the guide's steps dated back from their end (as drafts)."""
    if before or not campaign.target_contracts.exists():
        return
    request.session[f"offer_seed_{campaign.pk}"] = True
    messages.info(
        request,
        "Target contracts chosen. The guide's steps can now be dated back from their end or decision date: "
        "use “Offer the guide's steps as draft rows” below.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_targets(request, pk):
    return _campaign_form_view(
        request,
        pk,
        TargetsForm,
        title="SMART organising targets and baseline",
        success="Targets saved. Progress is measured against the baseline.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_review(request, pk):
    # The review is a tab every reader of the campaign is shown, so it reads for them; only saving needs edit.
    campaign = get_campaign(request, pk, edit=request.method == "POST")
    if not user_can_edit(campaign, request.user):
        return render(
            request,
            "campaigns/review.html",
            {"campaign": campaign, "title": "Phase 5 review: lessons and recommendations", "can_edit": False},
        )
    return _campaign_form_view(
        request,
        pk,
        ReviewForm,
        title="Phase 5 review: lessons and recommendations",
        success="Review saved.",
        template="campaigns/review.html",
    )


@login_required
@require_POST
def campaign_seed(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    rows = services.plan_seed(campaign=campaign)
    messages.success(request, f"{len(rows)} steps from the guide offered as drafts.")
    return redirect(campaign)


@login_required
@require_POST
def drafts_accept(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    count = services.drafts_accept(campaign=campaign)
    messages.success(request, f"{count} draft row{'s' if count != 1 else ''} accepted into the plan.")
    return redirect(campaign)


@login_required
@require_POST
def drafts_drop(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    count, _ = PlanRow.objects.filter(campaign=campaign, is_draft=True).delete()
    messages.success(request, f"{count} draft row{'s' if count != 1 else ''} dropped.")
    return redirect(campaign)


@login_required
@require_GET
def trend_chart(request, pk):
    campaign = get_campaign(request, pk)
    return HttpResponse(charts.trend_svg(campaign, campaign.snapshots.all()), content_type="image/svg+xml")


@login_required
@require_POST
def campaign_pdf(request, pk):
    campaign = get_campaign(request, pk)
    document = document_request(
        kind="campaign_plan",
        branch=campaign.branch,
        user=request.user,
        source=campaign,
        title=f"{campaign.name} – plan",
    )
    messages.info(request, "Your PDF is being prepared. It will appear below when ready.")
    return redirect("document_status", pk=document.pk)


@spreadsheet_download("xlsx")
@login_required
@require_GET
def campaign_xlsx(request, pk):
    campaign = get_campaign(request, pk)
    response = HttpResponse(exports.campaign_workbook(campaign), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-plan.xlsx"'
    return response

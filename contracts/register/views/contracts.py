"""The contracts register: list, detail, create/edit with inline parts, history, priorities and timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from simple_history.utils import update_change_reason

from insourcing.access import get_for_user, user_can_edit
from insourcing.exports import exportable_page, requested_export, spreadsheet_response
from insourcing.lists import ScopedListView
from insourcing.models import Branch

from ..exports import TIMELINE_COLUMNS, priorities_table, timeline_rows
from ..extensions import extensions_from_terms
from ..filters import ContractFilter
from ..forms import CONTRACT_FORMSETS, ContractForm, ContractPriorityForm, PriorityWeightsForm, error_summary
from ..history import FROM_CONTRACT_FORM, FROM_PRIORITY_FORM, contract_history
from ..models import Contract, ContractEvent, ContractPriority, LeadIn, PriorityWeights, PublicAuthority
from ..models.prioritisation import FACTORS, priority_row, ranked_priorities
from ..ratios import account_ratios, front_line_from
from ..supply_chain import pending_suggestions
from ..tables import ContractTable
from ..timeline import build_timeline


class ContractListView(ScopedListView):
    model = Contract
    table_class = ContractTable
    filterset_class = ContractFilter
    template_name = "contracts/contract_list.html"
    title = "Contracts"
    intro = "Every outsourced contract your branches know about. Red: ends within two years and no campaign yet."
    export_name = "contracts"

    def get_base_queryset(self):
        return Contract.objects.select_related("authority", "provider", "branch").annotate_has_campaign()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lead_in_without_campaign"] = (
            Contract.objects.for_user(self.request.user).in_lead_in().without_campaign().count()
        )
        context["can_add"] = self.request.user.is_officer
        context["lead_in_no_campaign"] = LeadIn.NO_CAMPAIGN.value
        return context


def _detail_queryset():
    return (
        Contract.objects.select_related("authority", "provider", "branch", "priority")
        .annotate_has_campaign()
        .prefetch_related(
            "extensions",
            "workplaces",
            "risk_flags",
            "risk_decisions",
            Prefetch("events", queryset=ContractEvent.objects.select_related("provider")),
            "figure_sources",
            "provider__financials",
            # Read by the comparisons section and by the ratios (the director's pay against a front-line worker's).
            "comparisons__terms",
        )
    )


@login_required
@require_GET
def contract_detail(request, pk):
    today = timezone.localdate()
    contract = get_for_user(_detail_queryset().annotate_next_meeting(today), request.user, pk=pk)
    weights = PriorityWeights.for_branch(contract.branch).as_dict()
    can_edit = user_can_edit(contract, request.user)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "can_edit": can_edit,
            "today": today,
            "lead_in": LeadIn(contract.lead_in_status(today)),
            "next_break": contract.next_extension_break(today),
            "possible": contract.possible_extensions(),
            "planning_start": contract.planning_start(today),
            "notice_passed": contract.notice_deadline_passed(today),
            "priority": priority_row(contract, weights, today),
            "risk_suggestions": pending_suggestions(contract),
            "editable_branch_ids": {contract.branch_id} if can_edit else set(),
            "ratios": _ratios(contract),
        },
    )


def _ratios(contract):
    """The provider's ratios, the director's pay set against the newest of this contract's pay comparisons that
    gives a front-line worker's pay (reached through the reverse relation: the register imports no comparisons)."""
    if contract.provider is None:
        return []
    comparisons = sorted(contract.comparisons.all(), key=lambda c: (c.as_at, c.pk), reverse=True)
    return account_ratios(contract.provider.financials.all(), front_line_from(comparisons))


def _formsets(request, contract):
    data = request.POST if request.method == "POST" else None
    return [
        (prefix, legend, formset_class(data, instance=contract, prefix=prefix))
        for prefix, legend, formset_class in CONTRACT_FORMSETS
    ]


def _contract_form_page(request, contract, *, title, initial=None):
    form = ContractForm(request.POST or None, instance=contract, user=request.user, initial=initial)
    formsets = _formsets(request, contract)
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for _p, _l, fs in formsets):
            with transaction.atomic():
                contract = form.save(commit=False)
                if contract.provider is not None and contract.provider.pk is None:
                    # "Add it as a new provider": the form checked the name is not on the list yet.
                    contract.provider.save()
                contract.branch = contract.authority.branch
                contract._change_reason = FROM_CONTRACT_FORM
                contract.save()
                for _prefix, _legend, formset in formsets:
                    formset.instance = contract
                    for part in formset.save():
                        update_change_reason(part, FROM_CONTRACT_FORM)
                extensions_from_terms(contract, reason=FROM_CONTRACT_FORM)
                contract.record_figure_sources(
                    fields=form.changed_figures(),
                    kind=form.cleaned_data["figures_source"],
                    as_of=form.cleaned_data["figures_as_of"],
                    detail=form.cleaned_data["figures_detail"],
                    user=request.user,
                )
            messages.success(request, f"Saved “{contract.service}”.")
            return redirect(contract)
        messages.error(request, "Nothing was saved: please correct the problems shown.")
    return render(
        request,
        "contracts/contract_form.html",
        {
            "form": form,
            "formsets": formsets,
            "contract": contract,
            "title": title,
            "errors": error_summary(form, *[fs for _p, _l, fs in formsets]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    if not request.user.is_officer:
        raise PermissionDenied("Only branch officers can add contracts.")
    if not PublicAuthority.objects.editable_by(request.user).exists():
        messages.info(request, "First add the public authority that let the contract.")
        return redirect("contracts:authority_create")
    # "Add a contract" on an authority's page names it (?authority=): the form's choices keep it to the officer's.
    authority = request.GET.get("authority", "")
    initial = {"authority": int(authority)} if authority.isdigit() else None
    return _contract_form_page(request, Contract(), title="Add a contract", initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    contract = get_for_user(Contract, request.user, edit=True, pk=pk)
    return _contract_form_page(request, contract, title=f"Edit {contract.service}")


@login_required
@require_GET
def contract_history_view(request, pk):
    contract = get_for_user(Contract, request.user, pk=pk)
    return render(
        request, "contracts/contract_history.html", {"contract": contract, "entries": contract_history(contract)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_priority_edit(request, pk):
    contract = get_for_user(Contract, request.user, edit=True, pk=pk)
    instance = ContractPriority.objects.filter(contract=contract).first() or ContractPriority(contract=contract)
    form = ContractPriorityForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.instance._change_reason = FROM_PRIORITY_FORM
        form.save()
        messages.success(request, "Scores saved.")
        return redirect(reverse("contracts:priorities") + f"?branch={contract.branch.slug}")
    return render(request, "contracts/priority_form.html", {"contract": contract, "form": form})


def _chosen_branch(request):
    """The branch named by ?branch=slug, else the user's first officer branch, else the first they may read."""
    slug = request.GET.get("branch")
    if slug:
        return get_for_user(Branch, request.user, slug=slug)
    readable = Branch.objects.for_user(request.user)
    return readable.filter(pk__in=request.user.officer_branch_ids).first() or readable.first()


def _branch_choices(request):
    return Branch.objects.for_user(request.user).only("name", "slug")


@exportable_page("csv", "xlsx")
@login_required
@require_GET
def priorities(request):
    branch = _chosen_branch(request)
    today = timezone.localdate()
    rows, weights = [], None
    if branch is not None:
        weights = PriorityWeights.for_branch(branch)
        contracts = (
            Contract.objects.filter(branch=branch)
            .exclude(end_date__lt=today)
            .select_related("authority", "priority")
            .prefetch_related("extensions")
            .annotate_next_meeting(today)
        )
        rows = ranked_priorities(contracts, weights.as_dict(), today)
    if export_format := requested_export(request):
        columns, values = priorities_table(rows, weights.as_dict() if weights else {})
        name = f"priorities-{branch.slug}" if branch else "priorities"
        return spreadsheet_response(export_format, title="Priorities", columns=columns, rows=values, filename=name)
    return render(
        request,
        "contracts/priorities.html",
        {
            "branch": branch,
            "branches": _branch_choices(request),
            "rows": rows,
            "weight_list": [{"label": f.label, "weight": getattr(weights, f.key)} for f in FACTORS] if weights else [],
            "factors": FACTORS,
            "can_edit": branch is not None and request.user.can_edit_branch(branch.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_weights_edit(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    form = PriorityWeightsForm(request.POST or None, instance=PriorityWeights.for_branch(branch))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Weights saved. The ranking below uses them.")
        return redirect(reverse("contracts:priorities") + f"?branch={branch.slug}")
    return render(request, "contracts/weights_form.html", {"branch": branch, "form": form})


@exportable_page("csv", "xlsx")
@login_required
@require_GET
def timeline(request):
    branch = _chosen_branch(request)
    today = timezone.localdate()
    contracts = []
    if branch is not None:
        contracts = list(
            Contract.objects.filter(branch=branch, end_date__gte=today)
            .select_related("authority", "provider")
            .annotate_has_campaign()
            .prefetch_related("extensions")
            .order_by("end_date", "service")
        )
    chart = build_timeline(contracts, today) if contracts else None
    if export_format := requested_export(request):
        name = f"timeline-{branch.slug}" if branch else "timeline"
        rows = timeline_rows(chart, today)
        return spreadsheet_response(export_format, title="Renewals", columns=TIMELINE_COLUMNS, rows=rows, filename=name)
    return render(
        request,
        "contracts/timeline.html",
        {
            "branch": branch,
            "branches": _branch_choices(request),
            "contracts": contracts,
            "chart": chart,
            "today": today,
        },
    )

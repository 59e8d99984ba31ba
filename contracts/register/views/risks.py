"""Supply-chain risks across the register: every flagged contract grouped by flag, and the suggestions from CPV
codes that wait for an officer to confirm or dismiss them."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from insourcing.access import get_for_user

from ..forms import RiskSuggestionDecisionForm
from ..models import Contract, ContractRiskFlag
from ..supply_chain import (
    SUPPLY_CHAIN_FLAGS,
    NotSuggested,
    cpv_candidates,
    pending_suggestions,
    risk_suggestion_confirm,
    risk_suggestion_dismiss,
)

Flag = ContractRiskFlag.Flag


def _groups(user) -> list[dict]:
    """One group per flag in the flag list's order, each with the flagged contracts the user may read."""
    flags = (
        ContractRiskFlag.objects.for_user(user)
        .select_related("contract__authority", "contract__provider", "contract__branch")
        .order_by("contract__end_date", "contract__service", "contract_id")
    )
    order = {value: index for index, value in enumerate(Flag.values)}
    rows = sorted(flags, key=lambda f: order[f.flag])  # stable: contracts stay in end-date order within a flag
    by_flag = {flag: list(items) for flag, items in groupby(rows, key=lambda f: f.flag)}
    return [
        {
            "flag": flag,
            "label": Flag(flag).label,
            "supply_chain": flag in SUPPLY_CHAIN_FLAGS,
            "rows": by_flag.get(flag, []),
        }
        for flag in Flag.values
    ]


def suggestions_for(user) -> list:
    contracts = (
        cpv_candidates(Contract.objects.for_user(user))
        .select_related("authority", "branch")
        .prefetch_related("risk_flags", "risk_decisions")
        .order_by("end_date", "service", "pk")
    )
    return [suggestion for contract in contracts for suggestion in pending_suggestions(contract)]


@login_required
@require_GET
def risk_register(request):
    groups = _groups(request.user)
    return render(
        request,
        "contracts/risks.html",
        {
            "supply_chain": [g for g in groups if g["supply_chain"]],
            "other": [g for g in groups if not g["supply_chain"] and g["rows"]],
            "suggestions": suggestions_for(request.user),
            "editable_branch_ids": request.user.officer_branch_ids,
            "back": "register",
        },
    )


@login_required
@require_POST
def risk_suggestion_decide(request):
    form = RiskSuggestionDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["Nothing was changed: the request was incomplete."]:
            messages.error(request, error)
        return redirect("contracts:risk_register")
    data = form.cleaned_data
    contract = get_for_user(Contract, request.user, edit=True, pk=data["contract_id"])
    label = Flag(data["flag"]).label
    try:
        if data["decision"] == "confirm":
            risk_suggestion_confirm(contract=contract, flag=data["flag"], user=request.user)
            messages.success(request, f"“{label}” is now flagged on “{contract.service}”.")
        else:
            risk_suggestion_dismiss(contract=contract, flag=data["flag"], user=request.user)
            messages.success(
                request, f"Dismissed “{label}” for “{contract.service}”: it will not be suggested for it again."
            )
    except NotSuggested:
        messages.info(
            request,
            f"“{label}” was already decided for “{contract.service}” (or is no longer suggested): nothing changed.",
        )
    if data.get("back") == "contract":
        return redirect(contract)
    return redirect("contracts:risk_register")

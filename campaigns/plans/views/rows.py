"""Plan rows, edited inline with htmx; every action also works as a plain form post without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insourcing import freshness
from insourcing.access import get_for_user, user_can_edit

from .. import services, workdays
from ..decisions import deciding_meeting
from ..forms import PlanFilterForm, PlanRowForm, QuickRowForm
from ..models import PlanRow
from .campaign import filtered_rows, get_campaign


def get_row(request, pk, *, edit=False) -> PlanRow:
    return get_for_user(
        PlanRow.objects.select_related("campaign__branch", "responsible"), request.user, edit=edit, pk=pk
    )


def _row_fragment(request, row, *, can_edit=True, hint=None):
    # The weekend / bank-holiday marker stays on the row for as long as the date stands, not only after an edit.
    row.day_hint = workdays.deadline_hint(row) if hint is None else hint
    context = {
        "row": row,
        "campaign": row.campaign,
        "can_edit": can_edit,
        "deciding": deciding_meeting(row.campaign),
    }
    return render(request, "campaigns/_plan_row.html", context)


def _retarget(response, selector: str):
    """Where an htmx answer goes. The Move, Accept and Drop buttons submit forms shared by every row (one CSRF token
    for the page, `campaigns.plans.rows_html`), so the request cannot say which row it came from: the view does."""
    response["HX-Retarget"] = selector
    response["HX-Reswap"] = "outerHTML"
    return response


def _with_drafts_banner(request, response, campaign):
    """The answer to a draft accepted or dropped in place, with the page's drafts line out of band: its count."""
    count = PlanRow.objects.filter(campaign=campaign, is_draft=True).count()
    banner = render_to_string(
        "campaigns/_drafts_banner.html", {"draft_count": count, "campaign": campaign, "oob": True}, request=request
    )
    # In a <template>: after a <tr>, the response is parsed in a table's context, where the banner's forms came out
    # empty (their buttons outside them); htmx takes out-of-band parts out of templates.
    response.content = response.content + f"<template>{banner}</template>".encode()
    return response


def _back_to(row) -> str:
    return f"{row.campaign.get_absolute_url()}#row-{row.pk}"


@login_required
@require_GET
def plan_row(request, pk):
    row = get_row(request, pk)
    if not request.htmx:
        return redirect(_back_to(row))
    return _row_fragment(request, row, can_edit=user_can_edit(row, request.user))


@login_required
@require_POST
def plan_row_add(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    form = QuickRowForm(request.POST, campaign=campaign)
    if form.is_valid():
        row = form.save(commit=False)
        row.campaign = campaign
        row.position = PlanRow.next_position(campaign, row.phase)
        row.save()
        hint = workdays.deadline_hint(row)
        if request.htmx:
            return _row_fragment(request, row, hint=hint)
        messages.success(request, "Row added to the plan." + (f" Deadline: {hint}." if hint else ""))
        return redirect(_back_to(row))
    phase = request.POST.get("phase", "")
    if request.htmx:
        response = render(request, "campaigns/_form_errors.html", {"form": form})
        response["HX-Retarget"] = f"#phase-{phase}-add-errors" if phase.isdigit() else "#plan-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(
        request,
        "campaigns/plan_row_form.html",
        {"form": PlanRowForm(request.POST, campaign=campaign), "campaign": campaign, "title": "Add a plan row"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_row_edit(request, pk):
    row = get_row(request, pk, edit=True)
    old_phase = row.phase
    # Its own ids: several rows may be open for editing on the plan at once, and each label must find its field.
    form = PlanRowForm(request.POST or None, instance=row, campaign=row.campaign, auto_id=f"id_row{row.pk}_%s")
    if request.method == "POST" and form.is_valid():
        if "deadline" in form.changed_data:
            # The officer chose this date: a recount from the deciding date lists it apart and never moves it
            # unless they tick it.
            form.instance.deadline_by_hand = True
        row = form.save()
        hint = workdays.deadline_hint(row)
        if request.htmx:
            if row.phase != old_phase:
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"  # the row moved to another phase's table
                return response
            return _row_fragment(request, row, hint=hint)
        changed = hint and "deadline" in form.changed_data
        messages.success(request, "Row saved." + (f" Deadline: {hint}." if changed else ""))
        return redirect(_back_to(row))
    template = "campaigns/_plan_row_form.html" if request.htmx else "campaigns/plan_row_form.html"
    return render(request, template, {"form": form, "row": row, "campaign": row.campaign, "title": "Edit plan row"})


@login_required
@require_POST
def plan_row_move(request, pk):
    row = get_row(request, pk, edit=True)
    filter_form = PlanFilterForm(request.POST)
    show = filter_form.cleaned_data["show"] if filter_form.is_valid() else ""
    shown = filtered_rows(row.campaign, request.user, show).filter(phase=row.phase)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.plan_row_move(
        row=row, direction=direction, shown=set(shown.values_list("pk", flat=True)) if show else None
    )
    if not request.htmx:
        return redirect(_back_to(row))
    rows = list(shown)
    workdays.mark_non_working(rows, row.campaign)
    response = render(
        request,
        "campaigns/_phase_rows.html",
        {
            "rows": rows,
            "campaign": row.campaign,
            "phase_number": row.phase,
            "can_edit": True,
            "show": show,
            "deciding": deciding_meeting(row.campaign),
        },
    )
    return _retarget(response, f"#phase-{row.phase}-rows")


@login_required
@require_POST
def plan_row_accept(request, pk):
    row = get_row(request, pk, edit=True)
    PlanRow.objects.filter(pk=row.pk).update(is_draft=False)
    freshness.mark_changed([row.campaign.branch_id])  # update() sends no signals
    row.is_draft = False
    if request.htmx:
        return _retarget(_with_drafts_banner(request, _row_fragment(request, row), row.campaign), f"#row-{row.pk}")
    messages.success(request, f"“{row.objective}” accepted into the plan.")
    return redirect(_back_to(row))


@login_required
@require_POST
def plan_row_delete(request, pk):
    row = get_row(request, pk, edit=True)
    row_id = row.pk
    row.delete()
    if request.htmx:
        # A draft's removal changes the drafts line; any other row's leaves it (and a page with no drafts has none).
        answer = _with_drafts_banner(request, HttpResponse(""), row.campaign) if row.is_draft else HttpResponse("")
        return _retarget(answer, f"#row-{row_id}")
    messages.success(request, f"“{row.objective}” removed from the plan.")
    return redirect(f"{row.campaign.get_absolute_url()}#phase-{row.phase}")  # back where the row was, not the top

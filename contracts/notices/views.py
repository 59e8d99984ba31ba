"""The watch list and the review queue. Organisers of the region read both; only the branch's officers change them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from insourcing import unsubscribe
from insourcing.access import get_for_user, user_can_edit
from insourcing.models import Branch, BranchOfficer

from . import services
from .forms import WatchListFormSet
from .models import AlertOptOut, BranchNotice, FeedState, FollowedAuthority

RECENT = 50  # decided and for-information notices shown under the queue


@login_required
@require_http_methods(["GET", "POST"])
def watch_list(request, slug):
    branch = get_for_user(Branch, request.user, slug=slug, edit=request.method == "POST")
    queryset = FollowedAuthority.objects.filter(branch=branch).select_related("authority")
    formset = WatchListFormSet(request.POST or None, queryset=queryset, branch=branch, prefix="followed")
    if request.method == "POST":
        # "Follow every authority" and the email switch are buttons of this form: what was typed is saved first.
        seed, alerts = "seed" in request.POST, request.POST.get("alerts")
        if formset.is_valid():
            saved = services.watch_list_save(
                branch=branch,
                saved=formset.save(commit=False),
                deleted=[form.instance for form in formset.deleted_forms],
            )
            if not (seed or alerts) or saved or formset.deleted_forms:
                messages.success(request, "Watch list saved.")
            if seed:
                _seed_message(request, services.watch_list_seed(branch=branch))
            if alerts:
                _switch_alerts(request, branch, alerts)
            return redirect("notices:watch_list", slug=branch.slug)
        what = (
            " (the register’s authorities were not added)"
            if seed
            else " (the email was not switched)"
            if alerts
            else ""
        )
        messages.error(request, f"Nothing was saved{what}: please correct the problems shown.")
    feeds = list(FeedState.objects.order_by("source"))
    return render(
        request,
        "notices/watch_list.html",
        {
            "branch": branch,
            "formset": formset,
            "followed": queryset,
            "can_edit": user_can_edit(branch, request.user),
            "feeds": feeds,
            # Only the feeds and the demo store notices: with no feed read, the queue's notices are the demo's.
            "has_notices": not feeds and BranchNotice.objects.filter(branch=branch).exists(),
            "alerts_on": services.notice_alerts_state(user=request.user, branch=branch),
        },
    )


def _switch_alerts(request, branch, value: str) -> None:
    if not BranchOfficer.objects.filter(user=request.user, branch=branch).exists():
        messages.error(request, "Only the branch's officers get its daily notices email.")
    elif value == "on":
        services.notice_alerts_resume(user=request.user, branch=branch)
        messages.success(request, f"You will get the daily notices email for {branch.name} again.")
    elif value == "off":
        services.notice_alerts_stop(user=request.user, branches=[branch])
        messages.success(request, f"You will no longer get the daily notices email for {branch.name}.")
    else:
        messages.error(request, "Nothing was changed: choose to switch the email on or off.")


def _seed_message(request, added) -> None:
    if added:
        messages.success(request, f"Now following {len(added)} more authorit{'ies' if len(added) != 1 else 'y'}.")
    else:
        messages.info(request, "Every authority in the register is already on the watch list.")


@unsubscribe.one_click_view
def alerts_unsubscribe(request, token):
    """The daily email's "Stop these emails" link and List-Unsubscribe address (`insourcing.unsubscribe`): GET
    asks, POST (the page's button or a mail client's one-click) switches the email off for the branches it names."""
    found = services.alerts_from_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not valid.")
    user, branches = found
    done = request.method == "POST"
    if done:
        services.notice_alerts_stop(user=user, branches=branches)
    # A second visit (or a link from an older email) must not ask to stop what is already stopped.
    off = set(AlertOptOut.objects.filter(user=user, branch__in=branches).values_list("branch", flat=True))
    still_on = [b for b in branches if b.pk not in off]
    return render(
        request,
        "notices/unsubscribe.html",
        {
            "officer": user,
            "branches": branches,
            "done": done,
            "still_on": still_on,
            "already_off": [b for b in branches if b.pk in off],
        },
    )


@login_required
@require_http_methods(["GET"])
def review_queue(request, slug):
    branch = get_for_user(Branch, request.user, slug=slug)
    items = BranchNotice.objects.filter(branch=branch).select_related("notice", "contract", "decided_by")
    return render(
        request,
        "notices/review.html",
        {
            "branch": branch,
            "waiting": list(items.waiting().order_by("-notice__published", "-pk")),
            "recent": list(items.exclude(status=BranchNotice.Status.WAITING)[:RECENT]),
            "can_edit": user_can_edit(branch, request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def tenders(request, slug):
    """New tenders from followed authorities or for the register's services: for information, never queued."""
    branch = get_for_user(Branch, request.user, slug=slug)
    return render(request, "notices/tenders.html", {"branch": branch, **services.tenders_for_services(branch=branch)})


def _back(item) -> str:
    return reverse("notices:review", kwargs={"slug": item.branch.slug})


@login_required
@require_POST
def notice_apply(request, pk):
    item = get_for_user(
        BranchNotice.objects.select_related("notice", "branch", "contract"), request.user, edit=True, pk=pk
    )
    try:
        item = services.branch_notice_apply(item=item, user=request.user)
    except services.NoticeError as error:
        messages.error(request, str(error))
        return redirect(_back(item))
    if item.proposal == BranchNotice.Proposal.ADD:
        messages.success(request, f"Added “{item.contract.service}” to the register, sourced to {item.notice.label}.")
    else:
        _applied_end_date_messages(request, item)
    return redirect(item.contract)


def _day(date) -> str:
    return f"{date.day} {date:%B %Y}"


def _applied_end_date_messages(request, item) -> None:
    """What applying a new end date changed: the date, the extension periods it used, the next break, and the
    campaign plans to recount."""
    contract = item.contract
    text = f"“{contract.service}” now ends on {_day(item.proposed_end_date)}, sourced to {item.notice.label}."
    taken = getattr(item, "extensions_taken", None)
    if taken and taken.taken:
        text += " " + taken.describe()
    text = format_html("{}", text)
    if taken and taken.remainder is not None:
        # The months kept available are a guess the officer may need to undo: one click to where that is done.
        text = format_html(
            '{} If the contract does not allow the rest of the extension later, <a class="alert-link" href="{}">'
            "mark those {} months “Not taken” in the contract's extension periods</a>.",
            text,
            reverse("contracts:contract_edit", args=[contract.pk]) + "#extensions",
            taken.remainder.months,
        )
    if contract.end_date:  # the renewal clock as the contract page now shows it
        after = contract.next_extension_break()
        if after:
            text = format_html(
                "{} Next extension break: {}, a decision on +{} months.", text, _day(after.decision_date), after.months
            )
        elif contract.extensions.exists():
            text = format_html("{} No extension break is left: the contract can end on its end date.", text)
    messages.success(request, text)
    # Campaigns are reached by reverse relation (the contracts layer imports none) and their recount page by URL
    # name. The plan counts back from the deciding date, which a deciding meeting can set before the contract's
    # own decision point; only the steps after the decision follow the end date.
    for pk, name in contract.campaigns.values_list("pk", "name"):
        messages.info(
            request,
            format_html(
                "The plan of “{}” may change: its steps count back from the next decision on the contract (a "
                "meeting that decides it, if earlier, else the next extension break or the end) and its steps "
                'after the decision from the end date. <a class="alert-link" href="{}">'
                "Recount the deadlines of “{}”</a>.",
                name,
                reverse("campaigns:campaign_recount", args=[pk]),
                name,
            ),
        )


@login_required
@require_POST
def notice_dismiss(request, pk):
    item = get_for_user(BranchNotice.objects.select_related("notice", "branch"), request.user, edit=True, pk=pk)
    try:
        services.branch_notice_dismiss(item=item, user=request.user)
    except services.NoticeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Dismissed {item.notice.label}: the register is unchanged. “Reopen” below brings it back."
        )
    return redirect(_back(item))


@login_required
@require_POST
def notice_reopen(request, pk):
    item = get_for_user(BranchNotice.objects.select_related("notice", "branch"), request.user, edit=True, pk=pk)
    try:
        item = services.branch_notice_reopen(item=item, user=request.user)
    except services.NoticeError as error:
        messages.error(request, str(error))
    else:
        where = "waiting for review again" if item.status == BranchNotice.Status.WAITING else "back in the list"
        messages.success(request, f"Reopened {item.notice.label}: it is {where}.")
    return redirect(_back(item))

"""The campaign team, membership snapshots, calendar feeds, reminder opt-out and the branch's plan steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from insourcing import unsubscribe
from insourcing.access import get_for_user, user_can_edit
from insourcing.models import Branch
from insourcing.services import wording_reset

from .. import calendar, charts, guide, services
from ..forms import PlanStepFormSet, SnapshotForm, TeamMemberForm
from ..models import Campaign, MembershipSnapshot, PlanStepTemplate, TeamMember
from .campaign import get_campaign


def _feed_url(request, token):
    return request.build_absolute_uri(reverse("campaigns:calendar_feed", kwargs={"token": token}))


def _webcal(url: str) -> str:
    """The same feed as a webcal:// link, which calendar apps open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


@login_required
@require_GET
def team(request, pk):
    campaign = get_campaign(request, pk)
    can_edit = user_can_edit(campaign, request.user)
    members = list(campaign.team.select_related("user"))
    campaign_feed_url = _feed_url(request, campaign.calendar_token) if can_edit and campaign.calendar_token else ""
    if can_edit:
        for member in members:
            member.feed_url = _feed_url(request, member.calendar_token) if member.calendar_token else ""
            member.webcal_url = _webcal(member.feed_url) if member.feed_url else ""
    return render(
        request,
        "campaigns/team.html",
        {
            "campaign": campaign,
            "members": members,
            "can_edit": can_edit,
            "form": TeamMemberForm(campaign=campaign),
            "campaign_feed_url": campaign_feed_url,
            "campaign_webcal_url": _webcal(campaign_feed_url) if campaign_feed_url else "",
        },
    )


@login_required
@require_POST
def team_add(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    form = TeamMemberForm(request.POST, campaign=campaign)
    if form.is_valid():
        member = form.save(commit=False)
        member.campaign = campaign
        member.email = form.cleaned_data["email"]
        member.save()
        messages.success(request, f"{member.name} added to the campaign team.")
        return redirect("campaigns:team", pk=campaign.pk)
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "campaign": campaign,
            "title": "Add a team member",
            "submit": "Add",
            "cancel": reverse("campaigns:team", kwargs={"pk": campaign.pk}),
        },
    )


def _member(request, pk, *, edit=True) -> TeamMember:
    return get_for_user(TeamMember.objects.select_related("campaign__branch"), request.user, edit=edit, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_member_edit(request, pk):
    member = _member(request, pk)
    form = TeamMemberForm(request.POST or None, instance=member, campaign=member.campaign)
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        member.email = form.cleaned_data["email"]
        member.save()
        messages.success(request, f"{member.name} saved.")
        return redirect("campaigns:team", pk=member.campaign_id)
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "campaign": member.campaign,
            "title": f"Edit {member.name}",
            "submit": "Save",
            "cancel": reverse("campaigns:team", kwargs={"pk": member.campaign_id}),
        },
    )


@login_required
@require_POST
def team_member_delete(request, pk):
    member = _member(request, pk)
    member.delete()
    messages.success(request, f"{member.name} removed from the team. Their rows now have no one responsible.")
    return redirect("campaigns:team", pk=member.campaign_id)


def _calendar_action(request, obj, label):
    if request.POST.get("action") == "revoke":
        obj.revoke_calendar_token()
        messages.success(request, f"The calendar link for {label} no longer works.")
    else:
        obj.rotate_calendar_token()
        messages.success(
            request, f"New calendar link for {label}. Any earlier link has stopped working. Keep it private."
        )


@login_required
@require_POST
def campaign_calendar(request, pk):
    campaign = get_campaign(request, pk, edit=True)
    _calendar_action(request, campaign, "the whole campaign")
    return redirect("campaigns:team", pk=campaign.pk)


@login_required
@require_POST
def team_member_calendar(request, pk):
    member = _member(request, pk)
    _calendar_action(request, member, member.name)
    return redirect("campaigns:team", pk=member.campaign_id)


@login_required
@require_POST
def team_member_tasks_link(request, pk):
    """Revoke the private task page link from someone's reminders (it leaked, or they left)."""
    member = _member(request, pk)
    member.revoke_tasks_token()
    messages.success(
        request, f"The task page link for {member.name} no longer works. Their next reminder brings a new one."
    )
    return redirect("campaigns:team", pk=member.campaign_id)


@never_cache
@require_safe
def member_tasks(request, token):
    """Public by design: the private link in reminders to people without an account. Read only."""
    member = TeamMember.objects.filter(tasks_token=token).select_related("campaign__lead").first()
    if member is None:
        raise Http404("This link has been revoked or never existed.")
    response = render(
        request, "campaigns/member_tasks.html", {"member": member, **services.member_task_rows(member=member)}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
def calendar_feed(request, token):
    """Public by design: calendar apps cannot log in. The unguessable token is the credential."""
    campaign = Campaign.objects.filter(calendar_token=token).first()
    if campaign:
        name, rows = campaign.name, calendar.calendar_rows(campaign=campaign)
        feed, dates = f"campaign-{campaign.pk}", calendar.campaign_dates(campaign)
    else:
        member = TeamMember.objects.filter(calendar_token=token).select_related("campaign").first()
        if member is None:
            raise Http404("This calendar link has been revoked or never existed.")
        name, rows = f"{member.campaign.name} – {member.name}", calendar.calendar_rows(responsible=member)
        campaign = member.campaign
        feed, dates = f"member-{member.pk}", calendar.campaign_dates(campaign, attendee=member)
    body = calendar.plan_calendar(
        name=name,
        rows=rows,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        feed=feed,
        dates=dates,
        alarms=campaign.alarms,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="campaign-plan.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@unsubscribe.one_click_view
def reminders_unsubscribe(request, token):
    """The reminder email's unsubscribe link (`insourcing.unsubscribe`): GET asks, POST switches reminders off."""
    member = services.member_from_unsubscribe_token(token)
    if member is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        services.reminders_unsubscribe(member=member)
        return render(request, "campaigns/unsubscribe.html", {"member": member, "done": True})
    return render(request, "campaigns/unsubscribe.html", {"member": member, "done": False})


@login_required
@require_http_methods(["GET", "POST"])
def snapshots(request, pk):
    campaign = get_campaign(request, pk)
    can_edit = user_can_edit(campaign, request.user)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST":
        campaign = get_campaign(request, pk, edit=True)
        if form.is_valid():
            snapshot = form.save(commit=False)
            snapshot.campaign = campaign
            snapshot.save()
            messages.success(request, f"Membership on {snapshot.taken_on:%-d %B %Y} recorded.")
            return redirect("campaigns:snapshots", pk=campaign.pk)
    snapshots = list(campaign.snapshots.all())
    return render(
        request,
        "campaigns/snapshots.html",
        {
            "campaign": campaign,
            "readings": charts.readings(campaign, snapshots),
            "form": form,
            "can_edit": can_edit,
            "chart": charts.trend_svg(campaign, snapshots),
        },
    )


@login_required
@require_POST
def snapshot_delete(request, pk):
    snapshot = get_for_user(MembershipSnapshot.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    snapshot.delete()
    messages.success(request, "Membership reading deleted.")
    return redirect("campaigns:snapshots", pk=snapshot.campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def guide_steps(request, slug):
    """The branch's wording of the steps offered to new campaigns; starts from the guide's."""
    branch = get_for_user(Branch, request.user, slug=slug)
    can_edit = user_can_edit(branch, request.user)
    queryset = PlanStepTemplate.objects.filter(branch=branch)
    own = queryset.exists()
    initial = (
        []
        if own
        else [
            {
                "phase": s.phase,
                "step": s.step,
                "objective": s.objective,
                "task": s.task,
                "months_before": s.months_before,
                "position": i,
            }
            for i, s in enumerate(guide.STEPS)
        ]
    )
    if request.method == "POST":
        branch = get_for_user(Branch, request.user, edit=True, slug=slug)
        # No initial here: the guide's steps, unchanged, must still count as new rows to save.
        formset = PlanStepFormSet(request.POST, queryset=queryset)
        if formset.is_valid():
            for step in formset.save(commit=False):
                step.branch, step.updated_by = branch, request.user
                step.save()
            for step in formset.deleted_objects:
                step.delete()
            messages.success(request, "Your branch's plan steps are saved. New campaigns will be offered them.")
            return redirect("campaigns:guide_steps", slug=branch.slug)
    else:
        formset = PlanStepFormSet(queryset=queryset, initial=initial)
        formset.extra = len(initial) + 1 if not own else 1
    return render(
        request,
        "campaigns/guide_steps.html",
        {"branch": branch, "formset": formset, "can_edit": can_edit, "own": own, "phases": guide.PHASES},
    )


@login_required
@require_POST
def guide_steps_reset(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    wording_reset(model=PlanStepTemplate, branch=branch)
    messages.success(request, "New campaigns will be offered the guide's own steps again.")
    return redirect("campaigns:guide_steps", slug=branch.slug)

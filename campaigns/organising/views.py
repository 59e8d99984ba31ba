"""Organising tools pages: workforce grid, activity plans, key arguments, allies, power map, business case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insourcing.access import get_for_user, user_can_edit
from insourcing.forms import WordingForm
from insourcing.models import Branch
from insourcing.services import wording_for, wording_save

from ..plans.decisions import plan_recount_preview
from ..plans.models import Campaign
from . import forms, guide, services
from .charts import power_map_svg
from .models import (
    Activity,
    Ally,
    AllyAction,
    DecisionMeeting,
    OrganisingWording,
    PowerMapContact,
    PowerMapPerson,
    WorkforceAction,
)

CAMPAIGNS = Campaign.objects.select_related("branch")


def _campaign(request, pk, *, edit=False) -> Campaign:
    return get_for_user(CAMPAIGNS, request.user, edit=edit, pk=pk)


def _page(request, template, campaign, title, **context):
    return render(
        request,
        f"campaigns/organising/{template}",
        {
            "campaign": campaign,
            "page_title": title,
            "can_edit": request.user.can_edit_branch(campaign.branch_id),
            **context,
        },
    )


def _form_page(request, form, *, campaign, title, cancel_url, success_url, message, guidance=""):
    """Show the form; on a valid POST save it, say so and go back to the page it belongs to."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect(success_url)
    return render(
        request,
        "campaigns/organising/form.html",
        {"campaign": campaign, "form": form, "title": title, "cancel_url": cancel_url, "guidance": guidance},
    )


def _deleted(request, obj, url, what):
    obj.delete()
    messages.success(request, f"{what} deleted.")
    return redirect(url)


# ---------------------------------------------------------------- workforce grid


def _grid_url(campaign_id):
    return reverse("campaigns:workforce_grid", kwargs={"pk": campaign_id})


@login_required
@require_GET
def workforce_grid(request, pk):
    campaign = _campaign(request, pk)
    return _page(
        request,
        "workforce_grid.html",
        campaign,
        "Workforce campaign plan",
        grid=services.workforce_grid(campaign),
        audiences=guide.Audience.choices,
        states=services.CELL_STATES,
    )


@login_required
@require_http_methods(["GET", "POST"])
def workforce_action_add(request, pk):
    campaign = _campaign(request, pk, edit=True)
    initial = {k: request.GET[k] for k in ("category", "audience") if k in request.GET}
    form = forms.GridActionForm(request.POST or None, initial=initial, instance=WorkforceAction(campaign=campaign))
    return _form_page(
        request,
        form,
        campaign=campaign,
        title="Add an action to the workforce grid",
        cancel_url=_grid_url(campaign.pk),
        success_url=_grid_url(campaign.pk),
        message="Action added to the workforce grid.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def workforce_action_edit(request, pk):
    action = get_for_user(
        WorkforceAction.objects.select_related("campaign", "activity"), request.user, edit=True, pk=pk
    )
    form_class = forms.ActivityActionForm if action.activity_id else forms.WorkforceActionForm
    form = form_class(request.POST or None, instance=action)
    return _form_page(
        request,
        form,
        campaign=action.campaign,
        title="Edit action",
        cancel_url=action.get_absolute_url(),
        success_url=action.get_absolute_url(),
        message="Action saved.",
    )


@login_required
@require_POST
def workforce_action_delete(request, pk):
    action = get_for_user(WorkforceAction.objects.select_related("activity"), request.user, edit=True, pk=pk)
    return _deleted(request, action, action.get_absolute_url(), "Action")


def _made_plan_row(request, action, row):
    messages.success(request, f"In the campaign plan as “{row.objective}” ({row.get_phase_display()}).")
    return redirect(action.get_absolute_url())


@login_required
@require_POST
def workforce_action_plan_row(request, pk):
    action = get_for_user(
        WorkforceAction.objects.select_related("campaign", "activity"), request.user, edit=True, pk=pk
    )
    return _made_plan_row(request, action, services.action_to_plan_row(action=action))


# ---------------------------------------------------------------- activity plans


def _plans_url(campaign_id):
    return reverse("campaigns:activity_plans", kwargs={"pk": campaign_id})


@login_required
@require_GET
def activity_plans(request, pk):
    campaign = _campaign(request, pk)
    wording = services.branch_wording(campaign.branch)
    return _page(
        request,
        "activity_plans.html",
        campaign,
        "Activity plans",
        plans=services.activity_plans(campaign, wording=wording),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request, pk):
    """POST with guide_key adds one of the guide's suggestions; otherwise the form adds the branch's own."""
    campaign = _campaign(request, pk, edit=True)
    if request.method == "POST" and "guide_key" in request.POST:
        suggestion = forms.SuggestionForm(request.POST)
        if suggestion.is_valid():
            activity = services.activity_add_suggestion(
                campaign=campaign, guide_key=suggestion.cleaned_data["guide_key"]
            )
            messages.success(request, "Activity added. Now add its specific actions and timetable.")
            return redirect(activity)
        messages.error(request, "That is not one of the guide's suggested activities.")
        return redirect(_plans_url(campaign.pk))
    form = forms.ActivityForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        activity = services.activity_add(campaign=campaign, **form.cleaned_data)
        messages.success(request, "Activity added. Now add its specific actions and timetable.")
        return redirect(activity)
    return _form_page(
        request,
        form,
        campaign=campaign,
        title="Add your own activity",
        cancel_url=_plans_url(campaign.pk),
        success_url=None,
        message="",
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_for_user(Activity.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    return _form_page(
        request,
        forms.ActivityEditForm(request.POST or None, instance=activity),
        campaign=activity.campaign,
        title=f"Edit activity ({activity.get_category_display()})",
        cancel_url=activity.get_absolute_url(),
        success_url=activity.get_absolute_url(),
        message="Activity saved.",
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = get_for_user(Activity, request.user, edit=True, pk=pk)
    return _deleted(request, activity, _plans_url(activity.campaign_id), "Activity and its actions")


@login_required
@require_http_methods(["GET", "POST"])
def activity_action_add(request, pk):
    activity = get_for_user(Activity.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    action = WorkforceAction(campaign=activity.campaign, activity=activity, category=activity.category)
    return _form_page(
        request,
        forms.ActivityActionForm(request.POST or None, instance=action),
        campaign=activity.campaign,
        title=f"Add an action: {activity.title}",
        cancel_url=activity.get_absolute_url(),
        success_url=activity.get_absolute_url(),
        message="Action added to the activity plan.",
    )


# ---------------------------------------------------------------- key arguments


def _arguments_url(campaign_id):
    return reverse("campaigns:key_arguments", kwargs={"pk": campaign_id})


@login_required
@require_GET
def key_arguments(request, pk):
    campaign = _campaign(request, pk)
    arguments = services.key_arguments(campaign, wording=services.branch_wording(campaign.branch))
    links = services.contract_data_links(campaign)
    for argument in arguments:
        argument.data_links = services.links_for_argument(argument, links)
    return _page(request, "key_arguments.html", campaign, "Key arguments", arguments=arguments)


@login_required
@require_http_methods(["GET", "POST"])
def key_arguments_edit(request, pk):
    campaign = _campaign(request, pk, edit=True)
    arguments = services.key_arguments(campaign, wording=services.branch_wording(campaign.branch))
    saved = [a for a in arguments if a.pk]
    unsaved = [a for a in arguments if not a.pk]
    formset = forms.key_argument_formset(extra=len(unsaved) + 1)(
        request.POST or None,
        queryset=campaign.key_arguments.filter(pk__in=[a.pk for a in saved]),
        initial=[{"guide_key": a.guide_key, "argument": a.argument, "source": a.source} for a in unsaved],
        prefix="arguments",
    )
    if request.method == "POST" and formset.is_valid():
        services.key_arguments_save(campaign=campaign, formset=formset)
        messages.success(request, "Key arguments saved.")
        return redirect(_arguments_url(campaign.pk))
    return _page(request, "key_arguments_form.html", campaign, "Edit key arguments", formset=formset)


# ---------------------------------------------------------------- allies


def _allies_url(campaign_id):
    return reverse("campaigns:allies", kwargs={"pk": campaign_id})


@login_required
@require_GET
def allies(request, pk):
    campaign = _campaign(request, pk)
    rows = services.allies_grid(campaign, wording=services.branch_wording(campaign.branch))
    return _page(request, "allies.html", campaign, "Allies: targeting external groups", rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def ally_add(request, pk):
    campaign = _campaign(request, pk, edit=True)
    form = forms.AllyForm(request.POST or None, initial={"broad_group": request.GET.get("group")})
    if request.method == "POST" and form.is_valid():
        ally = services.ally_add(campaign=campaign, **form.cleaned_data)
        messages.success(request, "Group added. Now add the timetable of actions to win it over.")
        return redirect(ally)
    return _form_page(
        request,
        form,
        campaign=campaign,
        title="Add a group to target",
        cancel_url=_allies_url(campaign.pk),
        success_url=None,
        message="",
    )


@login_required
@require_http_methods(["GET", "POST"])
def ally_edit(request, pk):
    ally = get_for_user(Ally.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    return _form_page(
        request,
        forms.AllyForm(request.POST or None, instance=ally),
        campaign=ally.campaign,
        title=f"Edit {ally.specific_group}",
        cancel_url=ally.get_absolute_url(),
        success_url=ally.get_absolute_url(),
        message="Group saved.",
    )


@login_required
@require_POST
def ally_delete(request, pk):
    ally = get_for_user(Ally, request.user, edit=True, pk=pk)
    return _deleted(request, ally, _allies_url(ally.campaign_id), "Group and its actions")


@login_required
@require_http_methods(["GET", "POST"])
def ally_action_add(request, pk):
    ally = get_for_user(Ally.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    return _form_page(
        request,
        forms.AllyActionForm(request.POST or None, instance=AllyAction(ally=ally)),
        campaign=ally.campaign,
        title=f"Add an action: {ally.specific_group}",
        cancel_url=ally.get_absolute_url(),
        success_url=ally.get_absolute_url(),
        message="Action added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def ally_action_edit(request, pk):
    action = get_for_user(AllyAction.objects.select_related("ally__campaign"), request.user, edit=True, pk=pk)
    return _form_page(
        request,
        forms.AllyActionForm(request.POST or None, instance=action),
        campaign=action.ally.campaign,
        title="Edit action",
        cancel_url=action.get_absolute_url(),
        success_url=action.get_absolute_url(),
        message="Action saved.",
    )


@login_required
@require_POST
def ally_action_delete(request, pk):
    action = get_for_user(AllyAction.objects.select_related("ally"), request.user, edit=True, pk=pk)
    return _deleted(request, action, action.get_absolute_url(), "Action")


@login_required
@require_POST
def ally_action_plan_row(request, pk):
    action = get_for_user(AllyAction.objects.select_related("ally__campaign"), request.user, edit=True, pk=pk)
    return _made_plan_row(request, action, services.action_to_plan_row(action=action))


# ---------------------------------------------------------------- power map and decision calendar


def _power_map_url(campaign_id):
    return reverse("campaigns:power_map", kwargs={"pk": campaign_id})


@login_required
@require_GET
def power_map(request, pk):
    campaign = _campaign(request, pk)
    people = services.power_map_people(campaign)
    return _page(
        request,
        "power_map.html",
        campaign,
        "Power map and decision calendar",
        people=people,
        chart=power_map_svg(people, title=f"Power map: {campaign.name}"),
        calendar=services.decision_calendar(campaign, people),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request, pk):
    campaign = _campaign(request, pk, edit=True)
    form = forms.PowerMapPersonForm(request.POST or None, campaign=campaign, instance=PowerMapPerson(campaign=campaign))
    return _form_page(
        request,
        form,
        campaign=campaign,
        title="Add a decision maker or influencer",
        cancel_url=_power_map_url(campaign.pk),
        success_url=_power_map_url(campaign.pk),
        message="Added to the power map.",
        guidance="Record what they do in public life only: no home address, private contact details or private life.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = get_for_user(PowerMapPerson.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    form = forms.PowerMapPersonForm(request.POST or None, campaign=person.campaign, instance=person)
    return _form_page(
        request,
        form,
        campaign=person.campaign,
        title=f"Edit {person.name}",
        cancel_url=person.get_absolute_url(),
        success_url=person.get_absolute_url(),
        message="Power map saved.",
        guidance="Record what they do in public life only: no home address, private contact details or private life.",
    )


@login_required
@require_POST
def person_delete(request, pk):
    person = get_for_user(PowerMapPerson, request.user, edit=True, pk=pk)
    return _deleted(request, person, _power_map_url(person.campaign_id), "Person and their contact history")


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    person = get_for_user(PowerMapPerson.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    return _form_page(
        request,
        forms.PowerMapContactForm(request.POST or None, instance=PowerMapContact(person=person)),
        campaign=person.campaign,
        title=f"Record a contact with {person.name}",
        cancel_url=person.get_absolute_url(),
        success_url=person.get_absolute_url(),
        message="Contact recorded.",
    )


@login_required
@require_POST
def contact_delete(request, pk):
    contact = get_for_user(PowerMapContact.objects.select_related("person"), request.user, edit=True, pk=pk)
    return _deleted(request, contact, contact.person.get_absolute_url(), "Contact")


def _meeting_form_page(request, form, *, campaign, title, cancel_url, success_url, message):
    """The meeting form. Once saved: a meeting on a weekend gets a gentle note; a deciding meeting that moves the
    plan's anchor lands on the plan, whose banner says so and links to the recount preview."""
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, message)
        if meeting.weekend_note:
            messages.info(request, meeting.weekend_note)
        if meeting.decides_contract:
            recount = plan_recount_preview(campaign=campaign)
            if recount.moves:
                messages.warning(
                    request,
                    f"The plan now counts back from {recount.anchor.reason}: {len(recount.moves)} "
                    f"deadline{'s' if len(recount.moves) != 1 else ''} can be recounted from it (below).",
                )
                return redirect(campaign)
        return redirect(success_url)
    return _form_page(
        request, form, campaign=campaign, title=title, cancel_url=cancel_url, success_url=success_url, message=""
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    campaign = _campaign(request, pk, edit=True)
    return _meeting_form_page(
        request,
        forms.DecisionMeetingForm(request.POST or None, instance=DecisionMeeting(campaign=campaign)),
        campaign=campaign,
        title="Add a date to the decision calendar",
        cancel_url=_power_map_url(campaign.pk) + "#calendar",
        success_url=_power_map_url(campaign.pk) + "#calendar",
        message="Added to the decision calendar.",
    )


@login_required
@require_GET
def meeting_detail(request, pk):
    """A meeting's page: when, whether it decides the contract, and how its decision makers stand."""
    meetings = DecisionMeeting.objects.select_related("campaign__branch").prefetch_related("members", "attendees")
    meeting = get_for_user(meetings, request.user, pk=pk)
    return _page(
        request,
        "meeting.html",
        meeting.campaign,
        meeting.title,
        meeting=meeting,
        vote=services.meeting_vote(meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_for_user(DecisionMeeting.objects.select_related("campaign"), request.user, edit=True, pk=pk)
    return _meeting_form_page(
        request,
        forms.DecisionMeetingForm(request.POST or None, instance=meeting),
        campaign=meeting.campaign,
        title=f"Edit {meeting.title}",
        cancel_url=meeting.get_absolute_url(),
        success_url=meeting.get_absolute_url(),
        message="Decision calendar saved.",
    )


@login_required
@require_POST
def meeting_delete(request, pk):
    meeting = get_for_user(DecisionMeeting, request.user, edit=True, pk=pk)
    return _deleted(request, meeting, _power_map_url(meeting.campaign_id) + "#calendar", "Date")


# ---------------------------------------------------------------- business case


@login_required
@require_GET
def business_case(request, pk):
    campaign = _campaign(request, pk)
    case = services.business_case_for(campaign)
    sections = services.business_case_sections(case, services.branch_wording(campaign.branch))
    return _page(
        request,
        "business_case.html",
        campaign,
        "Business case for the in-house option",
        business_case=case,
        sections=sections,
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_case_edit(request, pk):
    campaign = _campaign(request, pk, edit=True)
    case = services.business_case_for(campaign)
    url = reverse("campaigns:business_case", kwargs={"pk": campaign.pk})
    return _form_page(
        request,
        forms.BusinessCaseForm(request.POST or None, instance=case, wording=services.branch_wording(campaign.branch)),
        campaign=campaign,
        title="Business case for the in-house option",
        cancel_url=url,
        success_url=url,
        message="Business case saved.",
        guidance="Senior managers can help turn the in-house option into a well-reasoned business case; the staff "
        "know better than anyone how the service should be redesigned.",
    )


# ---------------------------------------------------------------- the branch's wording


@login_required
@require_http_methods(["GET", "POST"])
def organising_wording(request, slug):
    branch = get_for_user(Branch, request.user, edit=request.method == "POST", slug=slug)
    form = WordingForm(
        request.POST or None, model=OrganisingWording, current=wording_for(model=OrganisingWording, branch=branch)
    )
    if request.method == "POST" and form.is_valid():
        own = wording_save(model=OrganisingWording, branch=branch, wording=form.wording(), user=request.user)
        messages.success(request, f"Saved. {own} suggestions now use the branch's own wording.")
        return redirect(reverse("campaigns:organising_wording", kwargs={"slug": branch.slug}))
    return render(
        request,
        "campaigns/organising/wording.html",
        {"branch": branch, "form": form, "can_edit": user_can_edit(branch, request.user)},
    )

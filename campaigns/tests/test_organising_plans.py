import pytest
from django.urls import reverse

from campaigns.models import Activity, OrganisingWording, PlanRow, WorkforceAction
from campaigns.organising.guide import ACTIVITY_SUGGESTIONS, Category
from campaigns.tests.factories import make_activity, make_campaign


@pytest.fixture
def campaign(branch_a):
    return make_campaign(branch_a)


def _plans(client, campaign):
    return client.get(reverse("campaigns:activity_plans", kwargs={"pk": campaign.pk})).content.decode()


def test_the_guides_suggested_activities_are_offered_in_each_plan(alice_client, campaign):
    content = _plans(alice_client, campaign)
    for phrase in [
        "Holding a series of recruitment events",
        "Establishing a stock of recruitment materials",
        "Supporting all new reps or contacts through a buddy or mentor",
        "Survey of members / all staff",
        "Demonstration / march / rally",
        "Equality impact assessment",
        "Lobby: attendance at scrutiny committees",
    ]:
        assert phrase in content
    assert sum(len(v) for v in ACTIVITY_SUGGESTIONS.values()) == 22


def test_adding_a_suggestion_puts_it_in_its_plan_once(alice_client, campaign):
    url = reverse("campaigns:activity_add", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, {"guide_key": "activities.petition"})
    alice_client.post(url, {"guide_key": "activities.petition"})
    activity = Activity.objects.get()
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.campaign, activity.category, activity.guide_key) == (campaign, "activities", "activities.petition")
    assert activity.title.startswith("Petition: helps engage staff")
    content = _plans(alice_client, campaign)
    assert f'id="activity-{activity.pk}"' in content
    assert 'value="activities.petition"' not in content  # no longer offered


def test_an_unknown_suggestion_is_refused(alice_client, campaign):
    response = alice_client.post(
        reverse("campaigns:activity_add", kwargs={"pk": campaign.pk}), {"guide_key": "activities.riot"}, follow=True
    )
    assert "not one of the guide" in response.content.decode()
    assert not Activity.objects.exists()


def test_suggestions_use_the_branchs_own_wording(alice_client, campaign, branch_a):
    OrganisingWording.objects.create(branch=branch_a, key="recruitment.events", text="Monthly breakfast stalls")
    assert "Monthly breakfast stalls" in _plans(alice_client, campaign)
    alice_client.post(
        reverse("campaigns:activity_add", kwargs={"pk": campaign.pk}), {"guide_key": "recruitment.events"}
    )
    assert Activity.objects.get().title == "Monthly breakfast stalls"


def test_officer_adds_an_activity_of_their_own(alice_client, campaign):
    url = reverse("campaigns:activity_add", kwargs={"pk": campaign.pk})
    assert alice_client.get(url + "?category=information").context["form"]["category"].value() == "information"
    alice_client.post(url, {"category": "information", "title": "Payslip clinic", "notes": "Fridays"})
    activity = Activity.objects.get()
    assert (activity.category, activity.title, activity.notes, activity.guide_key) == (
        "information",
        "Payslip clinic",
        "Fridays",
        "",
    )


def test_an_activitys_actions_form_its_timetable_and_those_with_an_audience_join_the_grid(alice_client, branch_a):
    activity = make_activity(branch_a)
    url = reverse("campaigns:activity_action_add", kwargs={"pk": activity.pk})
    alice_client.post(url, {"description": "Print 500 petition forms", "due_on": "2027-01-10", "progress": "planned"})
    alice_client.post(
        url,
        {
            "description": "Petition at shift change",
            "audience": "workforce",
            "due_on": "2027-01-20",
            "progress": "planned",
        },
    )
    actions = list(WorkforceAction.objects.order_by("due_on"))
    assert [(a.activity, a.category, a.audience) for a in actions] == [
        (activity, "activities", ""),
        (activity, "activities", "workforce"),
    ]
    plans = _plans(alice_client, activity.campaign)
    assert "Print 500 petition forms" in plans
    assert "10 January 2027" in plans
    grid = alice_client.get(reverse("campaigns:workforce_grid", kwargs={"pk": activity.campaign_id})).content.decode()
    assert "Petition at shift change" in grid.split('id="cell-activities-workforce"')[1].split("</td>")[0]
    assert "Print 500 petition forms" not in grid


def test_an_activity_action_becomes_a_plan_row_named_after_its_activity(alice_client, branch_a):
    activity = make_activity(branch_a)
    action = WorkforceAction.objects.create(
        campaign=activity.campaign, activity=activity, category=activity.category, description="Hand in petition"
    )
    alice_client.post(reverse("campaigns:workforce_action_plan_row", kwargs={"pk": action.pk}))
    row = PlanRow.objects.get()
    assert row.objective == "Campaign activities: Petition to the council"
    assert row.task == "Hand in petition"


def test_officer_renames_then_deletes_an_activity_with_its_actions(alice_client, branch_a):
    activity = make_activity(branch_a)
    WorkforceAction.objects.create(
        campaign=activity.campaign, activity=activity, category="activities", description="x"
    )
    alice_client.post(reverse("campaigns:activity_edit", kwargs={"pk": activity.pk}), {"title": "Big petition"})
    activity.refresh_from_db()
    assert activity.title == "Big petition"
    delete = reverse("campaigns:activity_delete", kwargs={"pk": activity.pk})
    assert alice_client.get(delete).status_code == 405
    alice_client.post(delete)
    assert not Activity.objects.exists()
    assert not WorkforceAction.objects.exists()


def test_every_plan_of_the_guide_has_a_section(alice_client, campaign):
    content = _plans(alice_client, campaign)
    for value, label in Category.choices:
        assert f'id="plan-{value}"' in content
        assert label in content


def test_plan_captions_and_links_do_not_repeat_the_plans_name(alice_client, branch_a):
    campaign = make_activity(branch_a).campaign
    content = _plans(alice_client, campaign)
    assert "The campaign activities plan: each activity and its actions" in content
    assert "Add an activity of your own to campaign activities" in content
    assert "activities activities" not in content.lower() and "activities activity" not in content.lower()

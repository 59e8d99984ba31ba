from django.urls import reverse

from campaigns.models import Ally, AllyAction, PlanRow
from campaigns.organising.guide import BroadGroup
from campaigns.tests.factories import make_ally, make_campaign


def test_the_allies_grid_has_the_guides_seven_broad_groups(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    content = alice_client.get(reverse("campaigns:allies", kwargs={"pk": campaign.pk})).content.decode()
    assert len(BroadGroup.choices) == 7
    for _, label in BroadGroup.choices:
        assert label in content
    assert "Labour Link regional contact" in content  # the guide's advice on elected officials


def test_officer_adds_a_specific_group_with_its_target(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    url = reverse("campaigns:ally_add", kwargs={"pk": campaign.pk})
    assert alice_client.get(url + "?group=media").context["form"]["broad_group"].value() == "media"
    response = alice_client.post(
        url, {"broad_group": "media", "specific_group": "Eastern Daily Press", "target": "Run the staff's story"}
    )
    ally = Ally.objects.get()
    assert response["Location"] == ally.get_absolute_url()
    assert (ally.campaign, ally.broad_group, ally.specific_group, ally.target) == (
        campaign,
        "media",
        "Eastern Daily Press",
        "Run the staff's story",
    )


def test_a_group_gets_a_timetable_of_actions_that_can_join_the_plan(alice_client, branch_a):
    ally = make_ally(branch_a)
    alice_client.post(
        reverse("campaigns:ally_action_add", kwargs={"pk": ally.pk}),
        {"description": "Invite to the rally", "due_on": "2027-02-01", "progress": "planned"},
    )
    action = AllyAction.objects.get()
    assert (action.ally, action.due_on.isoformat()) == (ally, "2027-02-01")
    content = alice_client.get(reverse("campaigns:allies", kwargs={"pk": ally.campaign_id})).content.decode()
    assert "Invite to the rally" in content
    assert "1 February 2027" in content
    alice_client.post(reverse("campaigns:ally_action_plan_row", kwargs={"pk": action.pk}))
    row = PlanRow.objects.get()
    assert row.objective == "Allies – Community groups: Trades union council"
    action.refresh_from_db()
    assert action.plan_row == row


def test_officer_edits_and_deletes_groups_and_actions(alice_client, branch_a):
    ally = make_ally(branch_a)
    action = AllyAction.objects.create(ally=ally, description="Call")
    alice_client.post(
        reverse("campaigns:ally_action_edit", kwargs={"pk": action.pk}),
        {"description": "Call back", "progress": "done"},
    )
    action.refresh_from_db()
    assert (action.description, action.progress) == ("Call back", "done")
    alice_client.post(
        reverse("campaigns:ally_edit", kwargs={"pk": ally.pk}),
        {"broad_group": "scrutiny", "specific_group": "Scrutiny committee", "target": "Call in the contract"},
    )
    ally.refresh_from_db()
    assert ally.broad_group == "scrutiny"
    assert alice_client.get(reverse("campaigns:ally_action_delete", kwargs={"pk": action.pk})).status_code == 405
    alice_client.post(reverse("campaigns:ally_action_delete", kwargs={"pk": action.pk}))
    assert not AllyAction.objects.exists()
    alice_client.post(reverse("campaigns:ally_delete", kwargs={"pk": ally.pk}))
    assert not Ally.objects.exists()

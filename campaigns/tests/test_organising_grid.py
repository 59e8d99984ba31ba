import datetime

import pytest
from django.urls import reverse

from campaigns.models import PlanRow, WorkforceAction
from campaigns.organising.guide import Progress
from campaigns.organising.services import cell_state
from campaigns.tests.factories import make_action, make_campaign

TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def campaign(branch_a):
    return make_campaign(branch_a)


def _add_url(campaign):
    return reverse("campaigns:workforce_action_add", kwargs={"pk": campaign.pk})


def test_officer_adds_an_action_to_a_cell_and_the_grid_shows_it_there(alice_client, campaign):
    response = alice_client.post(
        _add_url(campaign),
        {
            "category": "views",
            "audience": "other-union",
            "description": "Joint meeting with GMB stewards",
            "starts_on": "2026-12-01",
            "due_on": "2026-12-15",
            "progress": "in-progress",
        },
    )
    assert response.status_code == 302
    action = WorkforceAction.objects.get()
    assert (action.campaign, action.category, action.audience, action.due_on) == (
        campaign,
        "views",
        "other-union",
        datetime.date(2026, 12, 15),
    )
    page = alice_client.get(reverse("campaigns:workforce_grid", kwargs={"pk": campaign.pk})).content.decode()
    cell = page.split('id="cell-views-other-union"')[1].split("</td>")[0]
    assert "Joint meeting with GMB stewards" in cell
    assert "In progress" in cell
    assert "15 December 2026" in cell


def test_the_add_form_starts_in_the_cell_it_came_from(alice_client, campaign):
    form = alice_client.get(_add_url(campaign) + "?category=activists&audience=members").context["form"]
    assert (form["category"].value(), form["audience"].value()) == ("activists", "members")


def test_an_action_without_a_column_or_with_dates_backwards_is_refused_and_nothing_saved(alice_client, campaign):
    response = alice_client.post(
        _add_url(campaign),
        {
            "category": "recruitment",
            "audience": "",
            "description": "Stall",
            "starts_on": "2026-12-10",
            "due_on": "2026-12-01",
            "progress": "planned",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "The due date is before the start date." in content
    assert "This field is required." in content
    assert not WorkforceAction.objects.exists()


def test_officer_edits_and_deletes_an_action(alice_client, branch_a):
    action = make_action(branch_a)
    url = reverse("campaigns:workforce_action_edit", kwargs={"pk": action.pk})
    alice_client.post(
        url,
        {"category": action.category, "audience": "workforce", "description": "Stall moved", "progress": "done"},
    )
    action.refresh_from_db()
    assert (action.audience, action.description, action.progress) == ("workforce", "Stall moved", "done")
    delete = reverse("campaigns:workforce_action_delete", kwargs={"pk": action.pk})
    assert alice_client.get(delete).status_code == 405
    assert alice_client.post(delete).status_code == 302
    assert not WorkforceAction.objects.exists()


def test_organiser_reads_the_grid_without_edit_links(olive_client, branch_a):
    action = make_action(branch_a)
    content = olive_client.get(reverse("campaigns:workforce_grid", kwargs={"pk": action.campaign_id})).content
    assert b"Recruitment stall in the staff canteen" in content
    assert b"Add action" not in content
    assert b"Add to campaign plan" not in content


def test_grid_is_refused_to_an_officer_of_another_branch(client, bob, branch_a):
    action = make_action(branch_a)
    client.force_login(bob)
    assert client.get(reverse("campaigns:workforce_grid", kwargs={"pk": action.campaign_id})).status_code == 404


def _action(progress, due_on=None):
    return WorkforceAction(progress=progress, due_on=due_on, description="x")


@pytest.mark.parametrize(
    ("actions", "state"),
    [
        ([], "empty"),
        ([_action(Progress.DROPPED)], "empty"),
        ([_action(Progress.PLANNED, TODAY + datetime.timedelta(days=3))], "planned"),
        ([_action(Progress.PLANNED), _action(Progress.DONE)], "in-progress"),
        ([_action(Progress.DONE), _action(Progress.DONE), _action(Progress.DROPPED)], "done"),
        ([_action(Progress.DONE), _action(Progress.STUCK)], "stuck"),
        ([_action(Progress.STUCK), _action(Progress.IN_PROGRESS, TODAY - datetime.timedelta(days=1))], "overdue"),
        ([_action(Progress.DONE, TODAY - datetime.timedelta(days=30))], "done"),
    ],
)
def test_a_cell_shows_the_most_urgent_state_of_its_actions(actions, state):
    assert cell_state(actions, TODAY).key == state


def test_every_cell_state_has_words_and_a_symbol_not_only_a_colour(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    make_action(branch_a, campaign=campaign, due_on=datetime.date(2020, 1, 1))
    content = alice_client.get(reverse("campaigns:workforce_grid", kwargs={"pk": campaign.pk})).content.decode()
    cell = content.split('id="cell-recruitment-non-members"')[1].split("</td>")[0]
    assert 'class="cell-state cell-state-overdue"' in cell
    assert "Overdue" in cell
    assert "(overdue)" in cell


def test_an_action_becomes_one_plan_row_however_often_it_is_sent(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    action = make_action(branch_a, campaign=campaign, progress="in-progress", notes="Bring forms")
    url = reverse("campaigns:workforce_action_plan_row", kwargs={"pk": action.pk})
    assert alice_client.get(url).status_code == 405
    assert alice_client.post(url).status_code == 302
    alice_client.post(url)
    row = PlanRow.objects.get()
    action.refresh_from_db()
    assert action.plan_row == row
    assert (row.campaign, row.phase, row.task, row.deadline, row.status, row.notes) == (
        campaign,
        campaign.phase,
        "Recruitment stall in the staff canteen",
        action.due_on,
        "doing",
        "Bring forms",
    )
    assert row.objective == "Recruitment – Non-union members"
    page = alice_client.get(reverse("campaigns:workforce_grid", kwargs={"pk": campaign.pk})).content.decode()
    cell = page.split('id="cell-recruitment-non-members"')[1].split("</td>")[0]
    assert "In the campaign plan:" in cell
    assert "Recruitment – Non-union members" in cell
    assert "(Doing)" in cell
    assert "Add to campaign plan" not in cell

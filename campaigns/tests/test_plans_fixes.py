"""Fixes from a user's walk through campaigns: targets after the start, the target picker, duplicate campaigns,
what the dashboards count, the moved-deadline note, and membership readings."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory, TeamMemberFactory
from contracts.tests.factories import ContractFactory


@pytest.fixture
def contract(branch_a):
    return ContractFactory(branch=branch_a, service="Office and school cleaning", end_date=datetime.date(2028, 3, 31))


@pytest.fixture
def campaign(branch_a, alice):
    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back in-house")
    campaign.lead = TeamMemberFactory(campaign=campaign, name="Alice Officer", user=alice, email=alice.email)
    campaign.save()
    return campaign


def _edit_data(campaign, **extra):
    return {
        "name": campaign.name,
        "goal": "",
        "status": campaign.status,
        "phase": campaign.phase,
        "lead": campaign.lead_id,
        "reminder_days_before": campaign.reminder_days_before,
        "alarm_days": campaign.alarm_days,
        **extra,
    }


# ---------------------------------------------------------------- 1. targets after the start


def test_the_edit_form_lists_only_the_branchs_contracts_as_ticks(alice_client, campaign, contract, branch_b):
    foreign = ContractFactory(branch=branch_b, service="Someone else's catering")
    response = alice_client.get(reverse("campaigns:campaign_edit", kwargs={"pk": campaign.pk}))
    html = response.content.decode()
    assert f'value="{contract.pk}"' in html and "data-contract-filter" in html
    assert list(response.context["form"].fields["target_contracts"].queryset) == [contract]
    assert foreign.service not in html


def test_targets_chosen_after_the_start_are_saved_and_the_dated_steps_offered(
    alice_client, campaign, contract, branch_b
):
    url = reverse("campaigns:campaign_edit", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, _edit_data(campaign, target_contracts=[contract.pk]))
    assert response.status_code == 302
    assert list(campaign.target_contracts.all()) == [contract]
    page = alice_client.get(response["Location"]).content.decode()
    assert "dated back from their end" in page
    assert reverse("campaigns:campaign_seed", kwargs={"pk": campaign.pk}) in page


def test_another_branchs_contract_cannot_be_made_a_target(alice_client, campaign, branch_b):
    foreign = ContractFactory(branch=branch_b)
    url = reverse("campaigns:campaign_edit", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, _edit_data(campaign, target_contracts=[foreign.pk]))
    assert response.status_code == 200
    assert not campaign.target_contracts.exists()


# ---------------------------------------------------------------- 2. the start form's picker


def test_the_start_form_lists_only_the_chosen_branchs_contracts_as_ticks(alice_client, branch_a, branch_b, contract):
    ContractFactory(branch=branch_b, service="Someone else's catering")
    response = alice_client.get(reverse("campaigns:campaign_create") + f"?branch={branch_a.slug}")
    field = response.context["form"].fields["target_contracts"]
    assert list(field.queryset) == [contract]
    assert "data-contract-filter" in response.content.decode()
    assert "Someone else's catering" not in response.content.decode()


# ---------------------------------------------------------------- 3. a second campaign on the same contract


def test_starting_a_second_campaign_on_a_contract_warns_with_a_link_then_can_go_ahead(
    alice_client, branch_a, campaign, contract
):
    campaign.target_contracts.add(contract)
    data = {"branch": branch_a.pk, "name": "Again", "target_contracts": [contract.pk], "started_on": "2026-01-05"}
    response = alice_client.post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200
    assert f'<a href="{campaign.get_absolute_url()}">{campaign.name}</a>' in response.content.decode()
    assert Campaign.objects.count() == 1
    response = alice_client.post(reverse("campaigns:campaign_create"), {**data, "start_anyway": "on"})
    assert response.status_code == 302
    assert Campaign.objects.count() == 2


# ---------------------------------------------------------------- 5. the moved-deadline note


def test_the_moved_note_names_the_day_once_and_says_what_kind_of_day_it_is():
    from campaigns.plans.services import working_day_on_or_before

    assert working_day_on_or_before(datetime.date(2027, 1, 2), "england") == (
        datetime.date(2026, 12, 31),
        # Friday 1 January is New Year's Day: the note names the bank holiday it stepped back over too.
        "Moved from Saturday 2 January 2027, a weekend, and past New Year's Day (Friday 1 January), a bank holiday, "
        "to the working day before.",
    )
    _, note = working_day_on_or_before(datetime.date(2026, 12, 25), "england")
    assert note == "Moved from Friday 25 December 2026, Christmas Day, a bank holiday, to the working day before."


def test_editing_the_deadline_by_hand_drops_the_stale_moved_note(alice_client, campaign):
    from campaigns.tests.factories import PlanRowFactory

    row = PlanRowFactory(
        campaign=campaign,
        deadline=datetime.date(2026, 12, 31),
        notes="Moved from Saturday 2 January 2027, a weekend, to the working day before.\nBook the hall.",
    )
    url = reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk})
    data = {
        "phase": row.phase,
        "objective": row.objective,
        "task": row.task,
        "deadline": "2027-01-08",
        "status": row.status,
        "notes": row.notes,
    }
    alice_client.post(url, data)
    row.refresh_from_db()
    assert (row.deadline, row.notes) == (datetime.date(2027, 1, 8), "Book the hall.")


# ---------------------------------------------------------------- 6. the plan PDF fits A4


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", []):
        yield from _text_boxes(child)


def test_the_plan_table_stays_inside_the_right_margin_and_keeps_its_headers_whole(branch_a, alice, campaign):
    from campaigns.plans.documents import render_campaign_plan
    from campaigns.tests.factories import PlanRowFactory
    from insourcing import pdf
    from insourcing.models import GeneratedDocument

    sam = TeamMemberFactory(campaign=campaign, name="Samantha Featherstonehaugh")
    PlanRowFactory(
        campaign=campaign,
        objective="Map the workforce",
        responsible=sam,
        deadline=datetime.date(2027, 9, 30),
        status="done",
        done_on=datetime.date(2027, 9, 28),
        notes="Moved from Saturday 2 October 2027, a weekend, to the working day before.",
    )
    document = GeneratedDocument.objects.create(
        kind="campaign_plan", title="Plan", branch=branch_a, requested_by=alice, source=campaign
    )
    layout = pdf.layout(render_campaign_plan(document))
    right_edge = (210 - 18) / 25.4 * 96  # A4 less the 18 mm margin, in CSS px
    texts = [t for page in layout.pages for t in _text_boxes(page._page_box)]
    over = [(t.text, round(t.position_x + t.width)) for t in texts if t.position_x + t.width > right_edge + 0.5]
    assert not over, f"text past the right margin ({right_edge:.0f}px): {over[:5]}"
    assert "Responsibility" in [t.text for t in texts]  # the header is not broken into "Responsibili" / "ty"


# ---------------------------------------------------------------- 7. membership readings and deadline hints


def test_a_reading_with_every_figure_blank_is_refused(alice_client, campaign):
    url = reverse("campaigns:snapshots", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, {"taken_on": "2026-01-05"})
    assert response.status_code == 200
    assert "Enter at least one figure" in response.content.decode()
    assert not campaign.snapshots.exists()
    alice_client.post(url, {"taken_on": "2026-01-05", "members": "12"})
    assert campaign.snapshots.get().members == 12


def test_a_deadline_typed_on_a_saturday_saves_with_a_hint(alice_client, campaign):
    url = reverse("campaigns:plan_row_add", kwargs={"pk": campaign.pk})
    data = {"phase": 1, "objective": "Stall at the market", "deadline": "2027-01-02"}
    response = alice_client.post(url, data, headers={"HX-Request": "true"})
    assert campaign.plan_rows.get().deadline == datetime.date(2027, 1, 2)
    assert "Saturday: not a working day" in response.content.decode()
    response = alice_client.post(url, {**data, "deadline": "2027-01-04"}, headers={"HX-Request": "true"})
    assert "not a working day" not in response.content.decode()

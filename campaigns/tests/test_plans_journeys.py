"""Defects a person met walking the campaign journeys (issue 15), each pinned by what they saw."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign, MembershipSnapshot
from campaigns.plans import guide, services
from campaigns.tests.factories import CampaignFactory
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.models import BranchOfficer

START = datetime.date(2025, 9, 1)


def _start(branch, user, contracts):
    return services.campaign_start(
        branch=branch, user=user, name="Bring it back", contracts=contracts, started_on=START
    )


# ---------------------------------------------------------------- 1: the start form's branch


def _start_form_post(client, url, **fields):
    """Post the start form as the page renders it: every field it shows with a value, plus the person's input."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(fields)
    return client.post(url, data)


def test_an_officer_of_one_branch_starts_a_campaign_from_the_campaigns_list(alice_client, branch_a):
    response = _start_form_post(
        alice_client, reverse("campaigns:campaign_create"), name="Bring cleaning back", started_on="2026-01-05"
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Campaign.objects.get().branch == branch_a


def test_the_one_branch_cannot_be_swapped_for_another_by_editing_the_post(alice_client, branch_a, branch_b):
    response = alice_client.post(
        reverse("campaigns:campaign_create"),
        {"branch": branch_b.pk, "name": "Sneaky", "started_on": "2026-01-05"},
    )
    assert response.status_code == 302
    assert Campaign.objects.get().branch == branch_a


def test_an_officer_of_two_branches_chooses_the_branch(client, alice, branch_a, branch_a2):
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    client.force_login(alice)
    url = reverse("campaigns:campaign_create")
    page = client.get(url).content.decode()
    assert '<select name="branch"' in page
    assert "North County" in page and "Demo City" in page

    missing = client.post(url, {"name": "X", "started_on": "2026-01-05"})
    assert missing.status_code == 200 and "branch" in missing.context["form"].errors

    response = client.post(url, {"branch": branch_a2.pk, "name": "X", "started_on": "2026-01-05"})
    assert response.status_code == 302
    assert Campaign.objects.get().branch == branch_a2


def test_the_branch_page_link_chooses_that_branch(client, alice, branch_a, branch_a2):
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    client.force_login(alice)
    branch_page = client.get(reverse("branch_detail", kwargs={"slug": branch_a2.slug})).content.decode()
    link = reverse("campaigns:campaign_create") + f"?branch={branch_a2.slug}"
    assert f'href="{link}"' in branch_page
    response = _start_form_post(client, link, name="From the branch page", started_on="2026-01-05")
    assert response.status_code == 302
    assert Campaign.objects.get().branch == branch_a2


def test_the_contract_link_still_starts_a_campaign_for_the_contract(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    response = _start_form_post(
        alice_client, reverse("campaigns:campaign_create") + f"?contract={contract.pk}", started_on="2026-01-05"
    )
    assert response.status_code == 302
    assert list(Campaign.objects.get().target_contracts.all()) == [contract]


# ---------------------------------------------------------------- 3: organisers read the review


def test_an_organiser_reads_the_phase_5_review_but_cannot_save_it(olive_client, branch_a):
    campaign = CampaignFactory(branch=branch_a, lessons_learned="Start the base building earlier")
    url = reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})
    response = olive_client.get(url)
    assert response.status_code == 200
    assert "Start the base building earlier" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    assert olive_client.post(url, {"lessons_learned": "Changed"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.lessons_learned == "Start the base building earlier"


# ---------------------------------------------------------------- 4: membership readings


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_a_reading_dated_in_the_future_is_refused_with_a_clear_message(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    url = reverse("campaigns:snapshots", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, {"taken_on": "2026-03-03", "staff": "100", "members": "60"})
    assert response.status_code == 200
    assert "This date is in the future" in response.content.decode()
    assert "2 March 2026" in response.context["form"].errors["taken_on"][0]
    assert response.context["form"]["members"].value() == "60"  # nothing typed is lost
    assert not MembershipSnapshot.objects.exists()


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_a_baseline_dated_in_the_future_is_refused(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    response = alice_client.post(
        reverse("campaigns:campaign_targets", kwargs={"pk": campaign.pk}), {"baseline_on": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "This date is in the future" in response.context["form"].errors["baseline_on"][0]


def test_readings_are_listed_in_date_order_with_the_baseline_in_its_place(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a, baseline_on=datetime.date(2025, 6, 1), baseline_members=40)
    for day in (datetime.date(2025, 9, 1), datetime.date(2025, 3, 1), datetime.date(2025, 7, 1)):
        MembershipSnapshot.objects.create(campaign=campaign, taken_on=day, staff=100, members=50)
    page = alice_client.get(reverse("campaigns:snapshots", kwargs={"pk": campaign.pk})).content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    positions = [
        table.index(label) for label in ("1 March 2025", "Baseline, 1 June 2025", "1 July 2025", "1 September 2025")
    ]
    assert positions == sorted(positions)


def test_a_new_campaign_shows_its_baseline_as_the_latest_reading(alice_client, alice, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100, union_members=40, activists=3)
    campaign = _start(branch_a, alice, [contract])
    response = alice_client.get(campaign.get_absolute_url())
    progress = response.context["progress"]
    assert progress["latest"].is_baseline
    assert progress["latest_density"] == campaign.baseline_density
    assert "Latest (the baseline)" in response.content.decode()


@time_machine.travel(datetime.datetime(2026, 3, 2, 12, 0), tick=False)
def test_a_reading_already_stored_with_a_future_date_is_not_the_latest(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a, baseline_on=datetime.date(2025, 6, 1), baseline_members=40)
    MembershipSnapshot.objects.create(campaign=campaign, taken_on=datetime.date(2026, 1, 5), staff=100, members=55)
    MembershipSnapshot.objects.create(campaign=campaign, taken_on=datetime.date(2027, 1, 5), staff=100, members=99)
    progress = alice_client.get(campaign.get_absolute_url()).context["progress"]
    assert progress["latest"].taken_on == datetime.date(2026, 1, 5)


# ---------------------------------------------------------------- 6: every piece of guidance is seeded


def test_step_1_1_grow_membership_is_seeded_as_a_draft_row(alice, branch_a):
    campaign = _start(branch_a, alice, [ContractFactory(branch=branch_a, end_date=datetime.date(2027, 9, 30))])
    row = campaign.plan_rows.get(step="1.1", task__contains="grow membership")
    assert row.is_draft
    assert row.task == (
        "Identify potential opportunities to grow membership, increase member participation and identify and "
        "develop activists."
    )


@pytest.mark.parametrize(
    "section", [s for phase in guide.PHASES.values() for s in phase.sections], ids=lambda s: s.code
)
def test_every_piece_of_guidance_shown_is_offered_as_a_step(section):
    steps = [s for s in guide.STEPS if s.step == section.code]
    assert steps, f"Guide section {section.code} has no seeded step"
    covered = {i for s in steps for i in s.covers}
    missing = [bullet for i, bullet in enumerate(section.bullets) if i not in covered]
    assert missing == [], f"Guidance under {section.code} shown but never seeded"


# ---------------------------------------------------------------- 21: working days


@pytest.mark.parametrize(
    ("anchor", "expected_anchor_row", "why"),
    [
        # Seeded from contracts ending on these Saturdays / bank holidays, the "win" row (0 months) lands there.
        (datetime.date(2027, 8, 28), datetime.date(2027, 8, 27), "Saturday"),
        (datetime.date(2027, 12, 11), datetime.date(2027, 12, 10), "Saturday"),
        (datetime.date(2028, 3, 26), datetime.date(2028, 3, 24), "Sunday"),
        (datetime.date(2027, 12, 27), datetime.date(2027, 12, 24), "Christmas Day"),  # Mon substitute, then weekend
    ],
)
def test_seeded_deadlines_move_to_the_working_day_before(alice, branch_a, anchor, expected_anchor_row, why):
    campaign = _start(branch_a, alice, [ContractFactory(branch=branch_a, end_date=anchor)])
    win = campaign.plan_rows.get(objective="Win, promote and celebrate the win")
    assert win.deadline == expected_anchor_row
    assert f"Moved from {anchor:%A %-d %B %Y}" in win.notes
    assert why in win.notes
    assert all(row.deadline.weekday() < 5 for row in campaign.plan_rows.all())


def test_a_scottish_campaign_skips_scotlands_bank_holidays_not_englands(alice, branch_a):
    scottish = PublicAuthorityFactory(branch=branch_a, name="Fife Council", nation="scotland")
    english = PublicAuthorityFactory(branch=branch_a, name="Norfolk County Council", nation="england")
    # 2 January 2029 is a Tuesday: a bank holiday in Scotland only. 28 August 2028 is England's summer bank holiday.
    in_scotland = _start(
        branch_a, alice, [ContractFactory(branch=branch_a, authority=scottish, end_date=datetime.date(2029, 1, 2))]
    )
    assert in_scotland.plan_rows.get(objective="Win, promote and celebrate the win").deadline == datetime.date(
        2028, 12, 29
    )
    in_england = _start(
        branch_a, alice, [ContractFactory(branch=branch_a, authority=english, end_date=datetime.date(2029, 1, 2))]
    )
    assert in_england.plan_rows.get(objective="Win, promote and celebrate the win").deadline == datetime.date(
        2029, 1, 2
    )
    summer = _start(
        branch_a, alice, [ContractFactory(branch=branch_a, authority=scottish, end_date=datetime.date(2028, 8, 28))]
    )
    assert summer.plan_rows.get(objective="Win, promote and celebrate the win").deadline == datetime.date(2028, 8, 28)

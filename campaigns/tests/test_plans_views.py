import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, MembershipSnapshot, PlanRow, TeamMember
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
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


def _plan(campaign):
    return reverse("campaigns:campaign_detail", kwargs={"pk": campaign.pk})


# ---------------------------------------------------------------- starting a campaign


def test_the_start_form_is_prefilled_from_the_contract(alice_client, contract):
    response = alice_client.get(reverse("campaigns:campaign_create") + f"?contract={contract.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["target_contracts"] == [contract.pk]
    assert form.initial["name"] == "Bring Office and school cleaning back in-house"


def test_an_officer_starts_a_campaign_with_seeded_draft_rows(alice_client, alice, branch_a, contract):
    response = alice_client.post(
        reverse("campaigns:campaign_create"),
        {
            "branch": branch_a.pk,
            "name": "Bring cleaning back in-house",
            "target_contracts": [contract.pk],
            "goal": "Cleaners directly employed on NJC terms",
            "started_on": "2026-01-05",
            "seed_from_guide": "on",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    assert list(campaign.target_contracts.all()) == [contract]
    assert campaign.lead.user == alice
    assert campaign.plan_rows.filter(is_draft=True).count() > 10
    assert campaign.baseline_staff == 120


def test_contracts_of_another_branch_cannot_be_targeted(alice_client, branch_a, branch_b):
    foreign = ContractFactory(branch=branch_b)
    response = alice_client.post(
        reverse("campaigns:campaign_create"),
        {"branch": branch_a.pk, "name": "X", "target_contracts": [foreign.pk], "started_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_an_organiser_cannot_start_a_campaign(olive_client, contract):
    assert olive_client.get(reverse("campaigns:campaign_create") + f"?contract={contract.pk}").status_code == 403
    response = olive_client.post(reverse("campaigns:campaign_create"), {"name": "X", "started_on": "2026-01-05"})
    assert response.status_code == 302
    assert not Campaign.objects.exists()


def test_the_contract_page_section_offers_to_start_a_campaign(rf, alice, contract, campaign):
    from django.template.loader import render_to_string

    campaign.target_contracts.add(contract)
    html = render_to_string("campaigns/_contract_campaigns.html", {"contract": contract, "can_edit": True})
    assert "Bring cleaning back in-house" in html
    assert f"?contract={contract.pk}" in html
    read_only = render_to_string("campaigns/_contract_campaigns.html", {"contract": contract, "can_edit": False})
    assert "Start a campaign for this contract" not in read_only


# ---------------------------------------------------------------- the plan page


def test_the_plan_shows_each_phase_with_the_guides_guidance(alice_client, campaign):
    row = PlanRowFactory(campaign=campaign, phase=2, objective="Workplace visits at every depot", is_draft=True)
    response = alice_client.get(_plan(campaign))
    content = response.content.decode()
    for action in ["plan_row_edit", "plan_row_move", "plan_row_accept", "plan_row_delete"]:
        assert f'action="{reverse(f"campaigns:{action}", kwargs={"pk": row.pk})}"' in content or (
            f'href="{reverse(f"campaigns:{action}", kwargs={"pk": row.pk})}"' in content
        )
    assert response.status_code == 200
    for title in ["Phase 1 – Research and campaign development", "Phase 5 – Win, celebrate, review and sustain"]:
        assert title in content
    assert "Establish a campaign team or organising committee" in content
    assert "Membership should increase significantly with the goal of majority density." in content
    assert "Workplace visits at every depot" in content


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("", {"Mine, late", "Theirs, late", "Mine, later", "Phase 2 row"}),
        ("mine", {"Mine, late", "Mine, later"}),
        ("overdue", {"Mine, late", "Theirs, late"}),
        ("phase", {"Mine, late", "Theirs, late", "Mine, later"}),
    ],
)
def test_the_plan_can_be_filtered(alice_client, campaign, show, expected):
    today = timezone.localdate()
    other = TeamMemberFactory(campaign=campaign)
    PlanRowFactory(
        campaign=campaign,
        objective="Mine, late",
        responsible=campaign.lead,
        deadline=today - datetime.timedelta(days=1),
    )
    PlanRowFactory(
        campaign=campaign, objective="Theirs, late", responsible=other, deadline=today - datetime.timedelta(days=3)
    )
    PlanRowFactory(
        campaign=campaign,
        objective="Mine, later",
        responsible=campaign.lead,
        deadline=today + datetime.timedelta(days=9),
    )
    PlanRowFactory(campaign=campaign, phase=2, objective="Phase 2 row", responsible=other, status="done")
    response = alice_client.get(_plan(campaign), {"show": show})
    shown = {row.objective for phase in response.context["phases"] for row in phase.rows}
    assert shown == expected


def test_organisers_read_the_plan_without_edit_controls(olive_client, campaign):
    PlanRowFactory(campaign=campaign)
    response = olive_client.get(_plan(campaign))
    assert response.status_code == 200
    assert b"Add row" not in response.content
    assert b"plan_row_edit" not in response.content
    assert b"/edit/" not in response.content


@pytest.mark.parametrize("rows", [1, 500])
def test_plan_page_query_count_is_the_same_for_1_and_500_rows(
    alice_client, campaign, rows, django_assert_max_num_queries, count_queries
):
    TeamMemberFactory.create_batch(3, campaign=campaign)
    members = list(campaign.team.all())
    PlanRow.objects.bulk_create(
        PlanRow(campaign=campaign, phase=1 + i % 5, objective=f"Row {i}", responsible=members[i % 4], position=i)
        for i in range(rows)
    )
    MembershipSnapshot.objects.create(campaign=campaign, staff=100, members=40, activists=3)
    # 14: the decision calendar (deciding meeting, recount preview, next 30 days) adds fixed queries: the
    # meetings are read once for all three; the recount, the next 30 days and the draft count use the rows the
    # page fetched anyway, and the page shows the target contracts the recount fetched.
    alice_client.get(_plan(campaign))  # a running server has its content types cached; run alone, this test did not
    with django_assert_max_num_queries(14):
        assert alice_client.get(_plan(campaign)).status_code == 200
    assert count_queries(lambda: alice_client.get(_plan(campaign))) == 14


@pytest.mark.parametrize("rows", [1, 500])
def test_campaign_list_query_count_is_the_same_for_1_and_500_campaigns(
    alice_client, branch_a, rows, django_assert_max_num_queries, count_queries
):
    CampaignFactory.create_batch(rows, branch=branch_a)
    url = reverse("campaigns:campaign_list")
    with django_assert_max_num_queries(7):
        assert alice_client.get(url).status_code == 200
    assert count_queries(lambda: alice_client.get(url)) == 7  # one count: the table paginates, not ListView as well
    with django_assert_max_num_queries(8):
        assert alice_client.get(f"{url}?_export=xlsx")["Content-Disposition"].startswith("attachment")


# ---------------------------------------------------------------- rows inline (htmx) and as plain forms


def test_a_row_is_added_inline_and_returned_as_a_table_row(alice_client, campaign):
    response = alice_client.post(
        reverse("campaigns:plan_row_add", kwargs={"pk": campaign.pk}),
        {"phase": "2", "objective": "Visit the night shift", "responsible": campaign.lead.pk, "deadline": "2026-09-01"},
        HTTP_HX_REQUEST="true",
    )
    row = PlanRow.objects.get()
    assert response.status_code == 200
    assert response.content.decode().strip().startswith(f'<tr id="row-{row.pk}"')
    assert (row.phase, row.objective, row.responsible, row.deadline) == (
        2,
        "Visit the night shift",
        campaign.lead,
        datetime.date(2026, 9, 1),
    )
    assert b"1 September 2026" in response.content


def test_a_row_added_without_javascript_redirects_back_to_it(alice_client, campaign):
    response = alice_client.post(
        reverse("campaigns:plan_row_add", kwargs={"pk": campaign.pk}), {"phase": "1", "objective": "Map the workforce"}
    )
    row = PlanRow.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_plan(campaign)}#row-{row.pk}"


def test_a_row_without_an_objective_is_refused_with_a_message(alice_client, campaign):
    url = reverse("campaigns:plan_row_add", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, {"phase": "3", "objective": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#phase-3-add-errors"
    assert b"This field is required" in response.content
    plain = alice_client.post(url, {"phase": "3", "objective": "", "task": "Keep this text"})
    assert b"Keep this text" in plain.content
    assert not PlanRow.objects.exists()


def test_a_row_is_edited_inline(alice_client, campaign):
    row = PlanRowFactory(campaign=campaign, objective="Map the workforce")
    url = reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk})
    form = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert form.content.decode().strip().startswith(f'<tr id="row-{row.pk}" class="plan-row-editing"')
    response = alice_client.post(
        url,
        {"phase": "1", "objective": "Map every site and shift", "status": "done", "notes": "Shift list from FoI"},
        HTTP_HX_REQUEST="true",
    )
    row.refresh_from_db()
    assert response.status_code == 200
    assert (row.objective, row.status, row.done_on, row.notes) == (
        "Map every site and shift",
        "done",
        timezone.localdate(),
        "Shift list from FoI",
    )
    assert b"Map every site and shift" in response.content


def test_moving_a_row_to_another_phase_refreshes_the_page(alice_client, campaign):
    row = PlanRowFactory(campaign=campaign, phase=1)
    response = alice_client.post(
        reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk}),
        {"phase": "4", "objective": row.objective, "status": "todo"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Refresh"] == "true"
    row.refresh_from_db()
    assert row.phase == 4


def test_rows_are_reordered_within_their_phase(alice_client, campaign):
    first = PlanRowFactory(campaign=campaign, objective="First", position=0)
    second = PlanRowFactory(campaign=campaign, objective="Second", position=1)
    PlanRowFactory(campaign=campaign, phase=2, objective="Elsewhere", position=0)
    url = reverse("campaigns:plan_row_move", kwargs={"pk": second.pk})
    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    # The phase's rows come back, told to replace the phase's table body (the button's shared form cannot say
    # which body it came from), with the htmx target and swap their Edit links inherit.
    assert response["HX-Retarget"] == "#phase-1-rows" and response["HX-Reswap"] == "outerHTML"
    assert (
        response.content.decode()
        .strip()
        .startswith(
            '<tbody id="phase-1-rows" data-hx-boost="true" data-hx-push-url="false" data-hx-target="closest tr" '
            'data-hx-swap="outerHTML show:none">'
        )
    )
    assert list(PlanRow.objects.filter(phase=1).order_by("position").values_list("objective", flat=True)) == [
        "Second",
        "First",
    ]
    alice_client.post(reverse("campaigns:plan_row_move", kwargs={"pk": first.pk}), {"direction": "up"})
    assert list(PlanRow.objects.filter(phase=1).order_by("position").values_list("objective", flat=True)) == [
        "First",
        "Second",
    ]


def test_in_a_filtered_plan_a_row_moves_past_the_next_row_shown(alice_client, campaign):
    """Walk-through: in "Mine", Move swapped the row with a neighbour the filter hides, so nothing visibly moved."""
    mine, theirs = campaign.lead, TeamMemberFactory(campaign=campaign)
    a = PlanRowFactory(campaign=campaign, objective="A", position=0, responsible=mine)
    PlanRowFactory(campaign=campaign, objective="B", position=1, responsible=theirs)
    c = PlanRowFactory(campaign=campaign, objective="C", position=2, responsible=mine)

    def order():
        return list(PlanRow.objects.filter(phase=1).order_by("position").values_list("objective", flat=True))

    move = lambda row, direction: alice_client.post(  # noqa: E731
        reverse("campaigns:plan_row_move", kwargs={"pk": row.pk}), {"direction": direction, "show": "mine"}
    )
    move(c, "up")
    assert order() == ["C", "A", "B"]  # past A, the next row shown; B, hidden, stays after A
    move(c, "down")
    assert order() == ["A", "C", "B"]  # back past A
    move(c, "down")  # the last row shown: nothing to move past
    assert order() == ["A", "C", "B"]
    alice_client.post(reverse("campaigns:plan_row_move", kwargs={"pk": a.pk}), {"direction": "down"})
    assert order() == ["C", "A", "B"]  # unfiltered: a swap with the next row, as before


def test_drafts_are_accepted_one_by_one_or_all_and_dropped(alice_client, campaign):
    one, two, three = (PlanRowFactory(campaign=campaign, is_draft=True) for _ in range(3))
    accepted = alice_client.post(reverse("campaigns:plan_row_accept", kwargs={"pk": one.pk}), HTTP_HX_REQUEST="true")
    dropped = alice_client.post(reverse("campaigns:plan_row_delete", kwargs={"pk": two.pk}), HTTP_HX_REQUEST="true")
    # Each answer replaces its own row (the buttons post forms the page shares, so the view names the row).
    assert accepted["HX-Retarget"] == f"#row-{one.pk}" and accepted["HX-Reswap"] == "outerHTML"
    assert accepted.content.decode().startswith(f'<tr id="row-{one.pk}">')
    assert dropped["HX-Retarget"] == f"#row-{two.pk}"
    # The page's drafts line comes along out of band, so its count stays true (walk-through: it kept the count of
    # the page's load); the dropped row's own answer is nothing but that line.
    assert 'id="drafts-banner"' in accepted.content.decode()
    assert "2 steps from the guide are offered as drafts" in accepted.content.decode()
    assert dropped.content.decode().startswith('<template><div id="drafts-banner"')
    assert "1 step from the guide is offered as drafts" in dropped.content.decode()
    one.refresh_from_db()
    assert not one.is_draft
    assert not PlanRow.objects.filter(pk=two.pk).exists()
    alice_client.post(reverse("campaigns:drafts_accept", kwargs={"pk": campaign.pk}))
    three.refresh_from_db()
    assert not three.is_draft


def test_officer_of_another_branch_cannot_edit_a_row(client, bob, campaign):
    row = PlanRowFactory(campaign=campaign, objective="Keep")
    client.force_login(bob)
    response = client.post(
        reverse("campaigns:plan_row_edit", kwargs={"pk": row.pk}), {"phase": "1", "objective": "Hacked"}
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.objective == "Keep"


# ---------------------------------------------------------------- team, targets, membership, review


def test_a_team_member_is_added_with_the_linked_accounts_email(alice_client, alice, campaign):
    response = alice_client.post(
        reverse("campaigns:team_add", kwargs={"pk": campaign.pk}),
        {"name": "Alice again", "role": "branch-officer", "user": alice.pk, "reminders_enabled": "on"},
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(name="Alice again")
    assert (member.email, member.user, member.reminders_enabled) == ("alice@example.org", alice, True)


def test_targets_are_saved_and_checked(alice_client, campaign):
    url = reverse("campaigns:campaign_targets", kwargs={"pk": campaign.pk})
    bad = alice_client.post(url, {"target_density": "120", "baseline_staff": "10", "baseline_members": "20"})
    assert bad.status_code == 200
    assert b"There cannot be more members than staff" in bad.content
    alice_client.post(url, {"target_density": "55", "target_activists": "12", "target_date": "2027-03-31"})
    campaign.refresh_from_db()
    assert (str(campaign.target_density), campaign.target_activists) == ("55.0", 12)


def test_membership_snapshots_show_density_and_the_trend_chart(alice_client, campaign):
    url = reverse("campaigns:snapshots", kwargs={"pk": campaign.pk})
    alice_client.post(url, {"taken_on": "2026-02-01", "staff": "120", "members": "66", "activists": "5"})
    snapshot = MembershipSnapshot.objects.get()
    assert str(snapshot.density) == "55.0"
    page = alice_client.get(url).content.decode()
    assert "55.0%" in page
    assert "<svg" in page
    chart = alice_client.get(reverse("campaigns:trend_chart", kwargs={"pk": campaign.pk}))
    assert chart["Content-Type"] == "image/svg+xml"
    assert "55%" in chart.content.decode()


def test_the_phase_5_review_is_saved(alice_client, campaign):
    alice_client.post(
        reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk}),
        {"lessons_learned": "Start with the night shift", "recommendations": "Two years' lead-in"},
    )
    campaign.refresh_from_db()
    assert campaign.lessons_learned == "Start with the night shift"


def test_branch_steps_start_from_the_guide_and_can_be_reset(alice_client, branch_a):
    from campaigns.models import PlanStepTemplate
    from campaigns.plans import guide

    url = reverse("campaigns:guide_steps", kwargs={"slug": branch_a.slug})
    formset = alice_client.get(url).context["formset"]
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for i, step in enumerate(guide.STEPS[:2]):
        data.update(
            {
                f"form-{i}-phase": step.phase,
                f"form-{i}-step": step.step,
                f"form-{i}-objective": step.objective,
                f"form-{i}-task": step.task,
                f"form-{i}-months_before": step.months_before,
                f"form-{i}-position": i,
            }
        )
    assert len(formset.forms) == len(guide.STEPS) + 1
    alice_client.post(url, data)
    assert PlanStepTemplate.objects.filter(branch=branch_a).count() == 2
    alice_client.post(reverse("campaigns:guide_steps_reset", kwargs={"slug": branch_a.slug}))
    assert not PlanStepTemplate.objects.exists()


def test_removing_a_row_that_is_not_a_draft_sends_no_drafts_line(alice_client, campaign):
    """A plan with no drafts has no drafts line to update: an out-of-band part with no target is an htmx error."""
    row = PlanRowFactory(campaign=campaign, is_draft=False)
    response = alice_client.post(reverse("campaigns:plan_row_delete", kwargs={"pk": row.pk}), HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == f"#row-{row.pk}" and response.content == b""

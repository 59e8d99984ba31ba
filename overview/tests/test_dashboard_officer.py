"""The officer's dashboard: every figure against the hand-built data in factories."""

from decimal import Decimal

import pytest
from django.urls import reverse

from insourcing.models import Branch
from overview.dashboards.branch import branch_dashboard

from .factories import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def board(world, alice):
    return branch_dashboard(branches=Branch.objects.filter(pk__in=alice.officer_branch_ids), today=TODAY, user=alice)


def test_my_plan_rows_are_my_overdue_and_next_seven_days_only(board):
    assert [r.objective for r in board.rows_overdue] == ["Map the sites"]
    assert [r.objective for r in board.rows_due] == ["Book the room"]


def test_lead_in_lists_contracts_ending_within_24_months_and_flags_those_without_campaign(board):
    assert [(c.service, c.has_campaign) for c in board.lead_in] == [("Cleaning", True), ("Catering", False)]
    assert board.unguarded == 1


def test_foi_replies_overdue_and_due_in_the_next_fortnight(board):
    assert sorted(str(f.due_on) for f in board.foi_overdue) == ["2026-05-20", "2026-06-01"]
    assert [str(f.due_on) for f in board.foi_due] == ["2026-06-20"]


def test_open_surveys_with_response_counts_and_rates(board, world):
    assert [(s.survey, s.responses, s.percent) for s in board.surveys] == [(world.survey, 3, 3.0)]


def test_active_campaigns_by_phase(board):
    assert [n for _, n in board.phases] == [0, 1, 1, 0, 0]


def test_density_against_target_per_campaign(board, world):
    by_name = {p.campaign.name: p for p in board.campaigns}
    assert set(by_name) == {"Clean", "Launch"}
    clean = by_name["Clean"]
    # 3 overdue: the past-due draft counts, as on the campaign's plan page.
    assert (clean.density, clean.activists, clean.overdue_rows, clean.density_met) == (Decimal("45.0"), 6, 3, False)
    assert clean.trend == [None] * 6 + [Decimal(x) for x in ("30.0", "30.0", "40.0", "40.0", "45.0", "45.0")]
    assert (by_name["Launch"].density, by_name["Launch"].activists) == (None, None)


def test_recent_changes_are_the_branchs_contracts_only(board):
    names = {c.name for c in board.changes}
    assert {"Cleaning", "Catering"} <= names
    assert "South catering" not in names and "County parks" not in names


def test_page_shows_the_figures(alice_client, world):
    body = alice_client.get(reverse("dashboard")).content.decode()
    assert "Your plan rows" in body and "Map the sites" in body and "Print leaflets" not in body
    assert "1 of them has no campaign yet." in body
    assert "15 June 2028" in body
    assert "45.0%" in body and "50.0%" in body
    assert "3.0%" in body
    assert "South catering" not in body
    assert 'role="img"' in body and "Membership density: from 30% to 45%; target 50%." in body


def test_officer_who_is_not_an_organiser_sees_no_region_table(alice_client, world):
    assert "region (" not in alice_client.get(reverse("dashboard")).content.decode()


def test_dashboard_refuses_post(alice_client):
    assert alice_client.post(reverse("dashboard")).status_code == 405


def test_dashboard_needs_login(client):
    assert client.get(reverse("dashboard"))["Location"].startswith("/accounts/login/")


def test_drilldown_shows_one_branch_with_every_plan_row_read_only(olive_client, world):
    body = olive_client.get(reverse("dashboard_branch", kwargs={"slug": "demo-city"})).content.decode()
    assert "Read only." in body
    assert "Map the sites" in body and "Sam&#x27;s task" in body and "Sam" in body
    assert "Catering" in body and "South catering" not in body


def test_drilldown_refuses_an_officer_of_another_branch(client, amy, world):
    client.force_login(amy)
    assert client.get(reverse("dashboard_branch", kwargs={"slug": "demo-city"})).status_code == 404


def test_drilldown_refuses_post(olive_client, world):
    assert olive_client.post(reverse("dashboard_branch", kwargs={"slug": "demo-city"})).status_code == 405

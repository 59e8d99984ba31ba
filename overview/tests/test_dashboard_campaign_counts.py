"""A contract two campaigns target counts its workforce once, and the campaign counts say what they count."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Campaign, MembershipSnapshot
from campaigns.tests.factories import CampaignFactory
from insourcing.models import Region
from overview.dashboards.progress import counted_once
from overview.dashboards.region import region_tables

from .factories import NOW, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_a_campaign_whose_contracts_are_all_counted_already_adds_nothing():
    assert counted_once({1: {10}, 2: {10}, 3: set(), 4: {11}}) == {1, 3, 4}
    # The wider campaign counts, the narrower duplicate does not.
    assert counted_once({1: {10}, 2: {10, 11}}) == {2}


def test_a_second_campaign_on_the_same_contract_does_not_double_the_regions_staff_and_activists(
    world, region_north, branch_a
):
    [before] = region_tables(Region.objects.filter(pk=region_north.pk), today=TODAY)
    again = CampaignFactory(
        branch=branch_a,
        name="Clean again",
        phase=1,
        status=Campaign.Status.ACTIVE,
        started_on=datetime.date(2026, 6, 1),
        target_contracts=[world.clean.target_contracts.get()],
    )
    MembershipSnapshot.objects.create(
        campaign=again, taken_on=datetime.date(2026, 6, 2), staff=100, members=45, activists=6
    )
    [after] = region_tables(Region.objects.filter(pk=region_north.pk), today=TODAY)
    city = next(r for r in after.rows if r.name == "Demo City")
    assert (city.totals.density, city.totals.activists) == (Decimal("45.0"), 6)
    assert (after.total.totals.activists, after.total.totals.density) == (
        before.total.totals.activists,
        before.total.totals.density,
    )
    assert after.total.campaigns == before.total.campaigns + 1  # still counted as a campaign


LABEL = "Campaigns (planning, active or paused)"


def test_the_region_page_and_xlsx_say_planning_campaigns_are_counted(olive_client, world):
    # Demo City's "Launch" campaign is in Planning and is counted: the heading must not call it active.
    page = olive_client.get(reverse("dashboard")).content.decode()
    assert f"{LABEL} by phase" in page and "Active campaigns" not in page
    sheet = load_workbook(io.BytesIO(olive_client.get(reverse("region_export")).content))["North"]
    assert sheet.cell(row=1, column=5).value == LABEL


def test_the_officer_dashboard_says_planning_campaigns_are_counted(alice_client, world):
    page = alice_client.get(reverse("dashboard")).content.decode()
    assert f"{LABEL} by phase" in page and "Active campaigns" not in page

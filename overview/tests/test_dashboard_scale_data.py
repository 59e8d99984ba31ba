"""generate_scale_data: the sizes asked for, once, DEBUG only; its organiser sees every branch on the dashboard."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns.models import Campaign, PlanRow
from contracts.models import Contract
from insourcing.models import Branch, User
from surveys.models import Answer

pytestmark = pytest.mark.django_db

SMALL = {"branches": 3, "contracts": 10, "campaigns": 2, "rows": 5, "answers": 300}


def _generate(settings, **options):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("generate_scale_data", stdout=out, **{**SMALL, **options})
    settings.DEBUG = False
    return out.getvalue()


def test_it_builds_the_sizes_asked_for(settings):
    _generate(settings)
    assert Branch.objects.filter(region__slug="scale").count() == 3
    assert Contract.objects.count() == 30
    assert Campaign.objects.count() == 6
    assert PlanRow.objects.count() == 30
    assert Answer.objects.count() == 300


def test_a_second_run_changes_nothing(settings):
    _generate(settings)
    assert "already generated" in _generate(settings)
    assert Contract.objects.count() == 30


def test_it_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("generate_scale_data", **SMALL)
    assert not Branch.objects.exists()


def test_its_organiser_sees_every_branch_and_its_officer_their_plan_rows(settings, client):
    _generate(settings)
    client.force_login(User.objects.get(email="scale-organiser@example.org"))
    body = client.get(reverse("dashboard")).content.decode()
    assert "Scale region (3 branches)" in body and "Scale Branch 03" in body
    client.force_login(User.objects.get(email="scale-officer@example.org"))
    assert client.get(reverse("dashboard")).status_code == 200

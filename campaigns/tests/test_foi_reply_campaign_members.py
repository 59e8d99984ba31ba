"""Issue 18 walk: a FoI reply's staff figure is checked against the latest known members figure, the larger of
the register's and the latest reading of a campaign on that contract (the register reads it through the reverse
relation, so it never imports campaigns)."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from campaigns.models import MembershipSnapshot
from campaigns.plans import services
from contracts.models import Contract, FoIRequest
from contracts.register import rules
from contracts.tests.factories import ContractFactory, make_sent_foi

pytestmark = pytest.mark.django_db


def _reply(client, foi, **answers):
    data = {
        "outcome": "answered",
        "replied_on": "2026-03-25",
        "answers-TOTAL_FORMS": str(foi.contracts.count()),
        "answers-INITIAL_FORMS": "0",
    } | {f"answers-0-{name}": value for name, value in answers.items()}
    return client.post(reverse("contracts:foi_reply", kwargs={"pk": foi.pk}), data)


def _campaign_reading(branch, user, contracts, members, staff=240):
    campaign = services.campaign_start(
        branch=branch, user=user, name="In-house", contracts=contracts, started_on=datetime.date(2026, 1, 5), seed=False
    )
    MembershipSnapshot.objects.create(campaign=campaign, taken_on=datetime.date(2026, 2, 1), members=5, staff=staff)
    MembershipSnapshot.objects.create(
        campaign=campaign, taken_on=datetime.date(2026, 3, 1), members=members, staff=staff
    )
    return campaign


def test_latest_members_is_the_larger_known_figure():
    assert rules.latest_members(None, None) is None
    assert rules.latest_members(40, None) == 40
    assert rules.latest_members(None, 85) == 85
    assert rules.latest_members(40, 85) == 85
    assert rules.contract_problems({"staff_count": 60, "union_members": 40, "campaign_members": 85}) == {
        "union_members": "There cannot be more UNISON members than staff (60)."
    }


def test_a_reply_giving_fewer_staff_than_the_campaigns_latest_reading_is_refused(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    Contract.objects.filter(pk=contract.pk).update(staff_count=240, union_members=40)
    _campaign_reading(branch_a, alice, [contract], members=85)
    assert contract.campaign_members_reading() == (85, datetime.date(2026, 3, 1))

    response = _reply(alice_client, foi, staff_count="60")
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert (
        "There cannot be more UNISON members than staff (60). "
        "The campaign's latest reading (1 March 2026) has 85 members." in body
    )
    contract.refresh_from_db()
    foi.refresh_from_db()
    assert (contract.staff_count, foi.status) == (240, FoIRequest.Status.SENT)

    assert _reply(alice_client, foi, staff_count="90").status_code == 302
    contract.refresh_from_db()
    assert contract.staff_count == 90


def test_a_campaign_over_several_contracts_does_not_speak_for_one(alice_client, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    contract = foi.contracts.get()
    other = ContractFactory(branch=branch_a, service="Catering")
    _campaign_reading(branch_a, alice, [contract, other], members=85)
    assert contract.campaign_members_reading() is None
    assert _reply(alice_client, foi, staff_count="60").status_code == 302

"""The priority score's "time before renewal" counts to the same next decision the plan counts back from."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.tests.factories import CampaignFactory, make_meeting
from contracts.models import ContractExtension
from contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_a_deciding_meeting_before_the_extension_break_is_the_time_the_score_counts(alice_client, branch_a):
    """The walk: after a notice moved the end date, the score counted 16 months to the next extension break
    ("1 to 2 years") while the Cabinet that decides the contract sat 4 months away, and the plan counted from it."""
    contract = ContractFactory(branch=branch_a, service="Office cleaning", end_date=D(2028, 10, 31))
    ContractExtension.objects.create(contract=contract, months=12, decision_date=D(2028, 4, 30))
    campaign = CampaignFactory(branch=branch_a, target_contracts=[contract])
    make_meeting(branch_a, campaign=campaign, date=D(2027, 4, 6), decides_contract=True, title="Cabinet")
    make_meeting(branch_a, campaign=campaign, date=D(2027, 1, 20), title="Scrutiny (decides nothing)")

    page = alice_client.get(contract.get_absolute_url()).content.decode()
    assert "3 months: under 6 months" in page and "16 months" not in page
    listed = alice_client.get(reverse("contracts:priorities") + f"?branch={branch_a.slug}").content.decode()
    assert "3 months: under 6 months" in listed and "16 months" not in listed


@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_without_a_deciding_meeting_the_score_counts_to_the_extension_break(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, service="Office cleaning", end_date=D(2028, 10, 31))
    ContractExtension.objects.create(contract=contract, months=12, decision_date=D(2028, 4, 30))
    page = alice_client.get(contract.get_absolute_url()).content.decode()
    assert "16 months: 1 to 2 years" in page
    listed = alice_client.get(reverse("contracts:priorities") + f"?branch={branch_a.slug}").content.decode()
    assert "16 months: 1 to 2 years" in listed

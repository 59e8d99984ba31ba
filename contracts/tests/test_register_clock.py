"""The renewal clock: calendar arithmetic around month ends and leap years, and the APSE lead-in rule."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Contract, ContractExtension, LeadIn, add_months, months_between
from contracts.tests.factories import ContractFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2027, 3, 31), -6, D(2026, 9, 30)),
        (D(2027, 3, 31), -1, D(2027, 2, 28)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2024, 5, 31), 0, D(2024, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_shorter_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 1, 31), D(2024, 2, 28), 0),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2025, 3, 31), D(2027, 3, 31), 24),
        (D(2025, 3, 31), D(2027, 3, 30), 23),
        (D(2025, 4, 1), D(2025, 4, 1), 0),
        (D(2025, 5, 10), D(2025, 4, 10), -1),
        (D(2025, 5, 10), D(2025, 4, 11), 0),
    ],
)
def test_months_between_counts_whole_calendar_months(start, end, expected):
    assert months_between(start, end) == expected


def _contract(**kwargs):
    return Contract(end_date=kwargs.pop("end_date", D(2027, 3, 31)), **kwargs)


def test_months_to_end_is_unknown_without_an_end_date():
    assert Contract(end_date=None).months_to_end(D(2025, 1, 1)) is None


def test_months_to_end_over_the_leap_day():
    assert _contract(end_date=D(2028, 2, 29)).months_to_end(D(2027, 2, 28)) == 12


@pytest.mark.parametrize(
    ("end", "notice", "expected"),
    [
        (D(2027, 3, 31), 6, D(2026, 9, 30)),
        (D(2028, 8, 29), 6, D(2028, 2, 29)),
        (D(2027, 5, 31), 3, D(2027, 2, 28)),
        (D(2027, 3, 31), 0, D(2027, 3, 31)),
        (D(2027, 3, 31), None, None),
        (None, 6, None),
    ],
)
def test_notice_deadline_is_the_end_date_less_the_notice_period(end, notice, expected):
    assert Contract(end_date=end, termination_notice_months=notice).notice_deadline() == expected


@pytest.mark.django_db
def test_latest_possible_end_adds_only_the_extensions_still_available():
    contract = ContractFactory(end_date=D(2026, 2, 28), latest_end_date=None)
    ContractExtension.objects.create(contract=contract, order=1, months=24, status="available")
    ContractExtension.objects.create(contract=contract, order=2, months=12, status="declined")
    assert contract.latest_possible_end() == D(2028, 2, 28)
    contract.latest_end_date = D(2030, 1, 1)
    assert contract.latest_possible_end() == D(2030, 1, 1)


@pytest.mark.django_db
def test_next_extension_break_is_the_next_available_decision_date():
    contract = ContractFactory(end_date=D(2027, 3, 31))
    ContractExtension.objects.create(contract=contract, order=1, months=12, decision_date=D(2025, 9, 30))
    taken = ContractExtension.objects.create(
        contract=contract, order=2, months=12, decision_date=D(2026, 3, 31), status="exercised"
    )
    upcoming = ContractExtension.objects.create(contract=contract, order=3, months=12, decision_date=D(2026, 9, 30))
    assert contract.next_extension_break(D(2026, 1, 1)) == upcoming
    assert taken != upcoming
    assert contract.next_extension_break(D(2025, 9, 30)).decision_date == D(2025, 9, 30)
    assert contract.next_extension_break(D(2026, 10, 1)) is None


@pytest.mark.django_db
def test_lead_in_flags_contracts_ending_within_24_months_and_louder_without_campaign(branch_a):
    today = D(2025, 2, 28)
    inside = ContractFactory(branch=branch_a, end_date=D(2027, 2, 28))
    edge_out = ContractFactory(branch=branch_a, end_date=D(2027, 3, 1))
    ended = ContractFactory(branch=branch_a, end_date=D(2025, 2, 27))
    campaigned = ContractFactory(branch=branch_a, end_date=D(2025, 6, 1))
    unknown = ContractFactory(branch=branch_a, end_date=None)
    campaigned.campaigns.create(branch=branch_a, name="Bring catering home")

    lead_in = Contract.objects.in_lead_in(today=today)
    assert set(lead_in) == {inside, campaigned}
    assert set(lead_in.without_campaign()) == {inside}
    assert set(Contract.objects.with_campaign()) == {campaigned}
    assert set(Contract.objects.ending_within(months=6, today=today)) == {campaigned}
    statuses = {c: c.lead_in_status(today) for c in Contract.objects.annotate_has_campaign()}
    assert statuses == {
        inside: LeadIn.NO_CAMPAIGN,
        campaigned: LeadIn.CAMPAIGN,
        edge_out: LeadIn.LATER,
        ended: LeadIn.ENDED,
        unknown: LeadIn.UNKNOWN,
    }


@pytest.mark.django_db
def test_planning_starts_two_years_before_the_end_or_the_first_extension_decision():
    contract = ContractFactory(end_date=D(2028, 3, 31))
    assert contract.planning_start(D(2025, 1, 1)) == D(2026, 3, 31)
    ContractExtension.objects.create(contract=contract, order=1, months=12, decision_date=D(2027, 9, 30))
    assert contract.planning_start(D(2025, 1, 1)) == D(2025, 9, 30)
    assert ContractFactory(end_date=None).planning_start(D(2025, 1, 1)) is None


def test_notice_deadline_passed_only_after_the_day():
    contract = Contract(end_date=D(2027, 3, 31), termination_notice_months=6)
    assert not contract.notice_deadline_passed(D(2026, 9, 30))
    assert contract.notice_deadline_passed(D(2026, 10, 1))
    assert not Contract(end_date=D(2027, 3, 31)).notice_deadline_passed(D(2030, 1, 1))


@pytest.mark.django_db
def test_contract_page_marks_a_passed_notice_deadline_and_says_when_to_start_planning(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, end_date=D(2027, 3, 31), termination_notice_months=6)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 12, 0), tick=False):
        body = alice_client.get(contract.get_absolute_url()).content.decode()
    assert '30 September 2026 (6 months before the end) <span class="badge text-bg-secondary">passed</span>' in body
    assert 'Start planning by</dt><dd class="col-sm-8">31 March 2025 (two years before the end)' in body


@pytest.mark.django_db
def test_extension_terms_without_a_latest_end_show_a_possible_latest_end_and_the_break(alice_client, branch_a):
    contract = ContractFactory(
        branch=branch_a,
        end_date=D(2025, 9, 30),
        latest_end_date=None,
        extension_terms="option to extend for a further two years",
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False):
        body = alice_client.get(contract.get_absolute_url()).content.decode()
    assert "Possible latest end (if every extension is taken)" in body
    assert "30 September 2027 — not confirmed" in body
    assert "unless it was extended: it could run to 30 September 2027" in body
    assert "30 September 2025 – decide on +24 months" in body
    assert "Latest possible end</dt>" not in body


@pytest.mark.django_db
def test_latest_possible_end_is_unknown_when_nothing_says_how_long_the_contract_can_run():
    # Issue #19: the end date was shown as the latest possible end when the register gave none.
    contract = ContractFactory(end_date=D(2027, 3, 31), latest_end_date=None)
    assert contract.latest_possible_end() is None
    ContractExtension.objects.create(contract=contract, order=1, months=12, status="taken")
    assert contract.latest_possible_end() == D(2027, 3, 31)  # recorded periods, none left: it ends at the end


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 4, 10, 12, 0), tick=False)
def test_a_contract_ended_days_ago_reads_ended_wherever_its_time_left_is_shown(alice_client, branch_a):
    """Ten days past is less than a whole month: the clock once said "under a month" beside the "Ended" badge."""
    ended = ContractFactory(branch=branch_a, service="Grounds", end_date=D(2026, 3, 31))
    ending = ContractFactory(branch=branch_a, service="Laundry", end_date=D(2026, 4, 30))
    page = alice_client.get(ended.get_absolute_url()).content.decode()
    assert "31 March 2026 (ended)" in page and "under a month" not in page
    assert "30 April 2026 (under a month)" in alice_client.get(ending.get_absolute_url()).content.decode()
    listed = alice_client.get(reverse("contracts:contract_list") + "?lead_in=ended").content.decode()
    assert "Grounds" in listed and "under a month" not in listed and ">ended<" in listed

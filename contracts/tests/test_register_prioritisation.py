"""The prioritisation arithmetic: computed factors, weights, unknowns and the ranked order."""

import datetime

import pytest

from contracts.models import ContractExtension, ContractPriority, PriorityWeights
from contracts.register.models.prioritisation import (
    FACTOR_KEYS,
    density_score,
    priority_row,
    ranked_priorities,
    time_score,
    weighted_total,
)
from contracts.tests.factories import ContractFactory

TODAY = datetime.date(2025, 1, 31)
EQUAL = dict.fromkeys(FACTOR_KEYS, 1)


@pytest.mark.parametrize(
    ("staff", "members", "activists", "expected"),
    [
        (100, 0, 3, 1.0),
        (100, 50, 3, 3.0),
        (100, 100, 3, 5.0),
        (120, 30, 2, 2.0),
        (100, 50, 0, 2.0),
        (100, 0, 0, 1.0),
        (10, 15, 1, 5.0),  # more members than staff recorded: capped at full density
    ],
)
def test_density_score_runs_from_1_at_no_members_to_5_at_full_density(staff, members, activists, expected):
    score, _reason = density_score(staff=staff, members=members, activists=activists)
    assert score == expected


def test_density_score_says_why():
    assert density_score(staff=120, members=30, activists=0)[1] == "25% density (30 of 120), no activists (−1)"


@pytest.mark.parametrize(("staff", "members"), [(None, 10), (0, 10), (100, None)])
def test_density_is_unknown_rather_than_zero_when_counts_are_missing(staff, members):
    assert density_score(staff=staff, members=members, activists=1)[0] is None


@pytest.mark.parametrize(
    ("months", "expected"),
    [(None, None), (-3, 1), (0, 1), (5, 1), (6, 2), (11, 2), (12, 3), (23, 3), (24, 5), (47, 5), (48, 4), (120, 4)],
)
def test_time_score_prefers_the_two_year_lead_in(months, expected):
    assert time_score(months)[0] == expected


def test_weighted_total_counts_unknown_factors_at_the_lowest_score_and_contributions_add_up():
    scores = {"density": 2.0, "growth": 4, "discontent": 5, "allies": None, "time": 5, "flagship": 1}
    weights = {"density": 2, "growth": 1, "discontent": 1, "allies": 3, "time": 0, "flagship": 1}
    total, contributions = weighted_total(scores, weights)
    # Weighted: density (2x2), growth 4, discontent 5, allies unknown (3x1), flagship 1 over weight 8.
    assert total == 2.12
    assert contributions == {"density": 0.5, "growth": 0.5, "discontent": 0.62, "allies": 0.38, "flagship": 0.12}
    assert "time" not in contributions


def test_one_high_score_does_not_outrank_a_contract_better_known():
    one_known = {**dict.fromkeys(FACTOR_KEYS), "discontent": 5}
    five_known = {**dict.fromkeys(FACTOR_KEYS, 4), "flagship": None}
    assert weighted_total(one_known, EQUAL)[0] < weighted_total(five_known, EQUAL)[0]


def test_weighted_total_is_unknown_when_nothing_is_known():
    assert weighted_total(dict.fromkeys(FACTOR_KEYS), EQUAL) == (None, {})


@pytest.mark.django_db
def test_priority_row_uses_the_next_extension_break_for_time_before_renewal():
    contract = ContractFactory(end_date=datetime.date(2029, 1, 31), staff_count=100, union_members=50, activists=2)
    ContractExtension.objects.create(contract=contract, months=12, decision_date=datetime.date(2025, 7, 31))
    row = priority_row(contract, EQUAL, TODAY)
    time = next(f for f in row.factors if f.factor.key == "time")
    assert (time.score, time.reason) == (2, "6 months: 6 to 12 months")


@pytest.mark.django_db
def test_ranking_orders_by_weighted_total_and_puts_unknown_last(branch_a):
    strong = ContractFactory(branch=branch_a, end_date=datetime.date(2027, 6, 30), staff_count=100, union_members=80)
    weak = ContractFactory(branch=branch_a, end_date=datetime.date(2025, 3, 31), staff_count=100, union_members=10)
    blank = ContractFactory(branch=branch_a, end_date=None, staff_count=None, union_members=None)
    ContractPriority.objects.create(contract=strong, growth=4, discontent=5, allies=4, flagship=5)
    ContractPriority.objects.create(contract=weak, growth=2, discontent=1)
    weights = PriorityWeights.for_branch(branch_a).as_dict()
    rows = ranked_priorities([blank, weak, strong], weights, TODAY)
    assert [r.contract for r in rows] == [strong, weak, blank]
    assert rows[0].total == pytest.approx((4.2 + 4 + 5 + 4 + 5 + 5) / 6, abs=0.01)
    assert rows[2].total is None
    assert rows[1].known_count == 4
    assert rows[1].total == pytest.approx((1.4 + 2 + 1 + 1 + 1 + 1) / 6, abs=0.01)


@pytest.mark.django_db
def test_a_contract_with_one_factor_known_ranks_below_one_with_five(branch_a):
    sparse = ContractFactory(branch=branch_a, end_date=None, staff_count=None, union_members=None)
    ContractPriority.objects.create(contract=sparse, discontent=5)
    known = ContractFactory(branch=branch_a, end_date=datetime.date(2027, 6, 30), staff_count=100, union_members=50)
    ContractPriority.objects.create(contract=known, growth=3, discontent=3, allies=3)
    rows = ranked_priorities([sparse, known], EQUAL, TODAY)
    assert [r.contract for r in rows] == [known, sparse]
    assert [(r.known_count, r.counted_count) for r in rows] == [(5, 6), (1, 6)]


@pytest.mark.django_db
def test_priorities_page_says_how_much_is_known(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, end_date=None, staff_count=None, union_members=None)
    ContractPriority.objects.create(contract=contract, discontent=5)
    body = alice_client.get("/contracts/priorities/").content.decode()
    assert "1 of 6 factors known" in body
    detail = alice_client.get(contract.get_absolute_url()).content.decode()
    assert "1 of 6 factors known; each unknown one counts as 1" in detail


@pytest.mark.django_db
def test_branch_weights_change_the_order(branch_a):
    discontented = ContractFactory(branch=branch_a, staff_count=100, union_members=10, end_date=None)
    organised = ContractFactory(branch=branch_a, staff_count=100, union_members=100, end_date=None)
    ContractPriority.objects.create(contract=discontented, discontent=5)
    ContractPriority.objects.create(contract=organised, discontent=2)
    equal = ranked_priorities([discontented, organised], EQUAL, TODAY)
    assert [r.contract for r in equal] == [organised, discontented]
    anger_first = ranked_priorities([discontented, organised], {**EQUAL, "discontent": 5}, TODAY)
    assert [r.contract for r in anger_first] == [discontented, organised]

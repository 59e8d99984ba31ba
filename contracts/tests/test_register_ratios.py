"""Provider ratios beside the accounts: each with the sum that makes it, and "not enough figures" (never a division
by zero or a guess) when a figure is missing; the director's pay set against the branch's pay comparison."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from contracts.models import ComparisonTerms, ProviderFinancials
from contracts.register.ratios import (
    FrontLinePay,
    account_ratios,
    director_multiple,
    dividends_in_loss,
    profit_margin,
    short_money,
    staff_costs_share,
)
from contracts.tests.factories import ContractFactory, ProviderFactory, make_comparison

FIGURES = ["turnover", "profit", "dividends", "staff_costs", "highest_paid_director"]


def _accounts(year=2024, **figures):
    return SimpleNamespace(
        year=year, **{name: None if figures.get(name) is None else D(figures[name]) for name in FIGURES}
    )


@pytest.mark.parametrize(
    "value, shown",
    [
        (48_000_000, "£48.0m"),
        (3_100_000, "£3.1m"),
        (1_234_567, "£1,234,567"),  # a shorter form would hide the pounds the sum uses
        (1_250_000, "£1.25m"),
        (412_000, "£412,000"),
        (D("22071.10"), "£22,071.10"),
        (-400_000, "−£400,000"),
        (4_500_000_000, "£4.5bn"),  # the walk saw "£4,500.0m"
        (4_512_300_000, "£4,512.3m"),  # "bn" would need a fourth place: millions lose nothing
    ],
)
def test_short_money_is_short_only_when_it_loses_nothing(value, shown):
    assert short_money(D(value)) == shown


def test_profit_margin_shows_its_sum():
    ratio = profit_margin(_accounts(profit=3_100_000, turnover=48_000_000))
    assert (ratio.display, ratio.working) == ("6.5%", "£3.1m ÷ £48.0m = 6.5%")


def test_staff_costs_share_shows_its_sum():
    ratio = staff_costs_share(_accounts(staff_costs=31_000_000, turnover=48_000_000))
    assert (ratio.display, ratio.working) == ("64.6%", "£31.0m ÷ £48.0m = 64.6%")


@pytest.mark.parametrize("ratio", [profit_margin, staff_costs_share])
def test_a_missing_turnover_is_not_enough_figures(ratio):
    result = ratio(_accounts(profit=1_000, staff_costs=1_000))
    assert not result.known
    assert result.working == "not enough figures: turnover is not recorded"


def test_a_turnover_of_nothing_is_never_divided_by():
    result = profit_margin(_accounts(profit=-5_000, turnover=0))
    assert not result.known and "nothing to divide by" in result.working


def test_both_figures_missing_are_both_named():
    result = profit_margin(_accounts())
    assert result.working == "not enough figures: profit before tax and turnover are not recorded"


def test_dividends_paid_in_a_loss_making_year_are_a_warning():
    result = dividends_in_loss(_accounts(profit=-400_000, dividends=1_500_000))
    assert (result.display, result.warning) == ("Yes", True)
    assert result.working == "£1.5m paid to shareholders in a year with a loss of £400,000"


@pytest.mark.parametrize(
    "profit, dividends, working",
    [
        (3_100_000, 2_000_000, "not a loss-making year: profit before tax £3.1m"),
        (-400_000, 0, "no dividends paid in a year with a loss of £400,000"),
    ],
)
def test_dividends_without_a_loss_or_a_loss_without_dividends_is_no(profit, dividends, working):
    result = dividends_in_loss(_accounts(profit=profit, dividends=dividends))
    assert (result.display, result.warning, result.working) == ("No", False, working)


def test_dividends_unknown_is_not_enough_figures_not_no():
    result = dividends_in_loss(_accounts(profit=-400_000))
    assert not result.known and result.working == "not enough figures: dividends are not recorded"


def test_director_multiple_shows_both_sums():
    pay = FrontLinePay(D("23556.64"), "Cleaners, contractor staff: £12.21 an hour × 37 hours × 52.143 weeks")
    result = director_multiple(_accounts(highest_paid_director=412_000), pay)
    assert result.display == "17.5 times"
    assert result.working == (
        "£412,000 ÷ £23,556.64 (Cleaners, contractor staff: £12.21 an hour × 37 hours × 52.143 weeks) = 17.5 times"
    )


def test_director_multiple_says_when_the_pay_is_not_from_the_accounts_year():
    """The walk: 2023's director set against 2026's cleaner rate, silently, understates 2023's gap."""
    pay = FrontLinePay(D("23556.64"), "Cleaners, contractor staff: £12.21", datetime.date(2026, 4, 1))
    older = director_multiple(_accounts(year=2023, highest_paid_director=412_000), pay)
    assert older.working.endswith(
        "= 17.5 times. The front-line pay is the comparison's, as at 1 April 2026, not pay in 2023: add a comparison "
        "for that year to set like against like"
    )
    assert director_multiple(_accounts(year=2026, highest_paid_director=412_000), pay).working.endswith("17.5 times")


@pytest.mark.parametrize(
    "director, pay, reason",
    [
        (None, FrontLinePay(D(20_000), "x"), "the highest-paid director's pay is not recorded"),
        (400_000, None, "no pay comparison gives a front-line worker's pay"),
        (400_000, FrontLinePay(None, "a full-time week is not known"), "a full-time week is not known"),
        (400_000, FrontLinePay(D(0), "x"), "the front-line pay is £0"),
    ],
)
def test_director_multiple_without_its_figures_says_which(director, pay, reason):
    result = director_multiple(_accounts(highest_paid_director=director), pay)
    assert not result.known and result.working == f"not enough figures: {reason}"


def test_every_year_gets_the_four_ratios_in_order():
    years = account_ratios([_accounts(year=2024), _accounts(year=2023)])
    assert [y.year for y in years] == [2024, 2023]
    assert [r.label for r in years[0].ratios] == [
        "Profit margin",
        "Dividends paid in a loss-making year",
        "Highest-paid director against a front-line worker's full-time pay",
        "Staff costs as a share of turnover",
    ]


# ---------------------------------------------------------------- the pages


@pytest.fixture
def accounts_with_comparison(branch_a):
    """The worked example: contractor staff at £12.21 an hour, an in-house week of 37 hours."""
    comparison = make_comparison(branch_a)
    provider = comparison.contract.provider
    ProviderFinancials.objects.create(
        provider=provider,
        year=2024,
        turnover=48_000_000,
        profit=-400_000,
        dividends=1_500_000,
        staff_costs=31_000_000,
        highest_paid_director=412_000,
    )
    return comparison


DIRECTOR_SUM = "£412,000 ÷ £23,556.64 (Cleaners, contractor staff: £12.21 an hour × 37 hours × 52.143 weeks = "


def test_contract_page_sets_the_director_against_its_pay_comparison(alice_client, accounts_with_comparison):
    html = alice_client.get(accounts_with_comparison.contract.get_absolute_url()).content.decode()
    assert "What the 2024 accounts show" in html
    assert DIRECTOR_SUM + "£23,556.64 a year) = 17.5 times" in html
    assert "£1.5m paid to shareholders in a year with a loss of £400,000" in html
    assert "<strong>−0.8%</strong>: −£400,000 ÷ £48.0m = −0.8%" in html


def test_provider_page_uses_the_readers_comparison(alice_client, accounts_with_comparison):
    provider = accounts_with_comparison.contract.provider
    html = alice_client.get(provider.get_absolute_url()).content.decode()
    assert DIRECTOR_SUM in html


def test_provider_page_for_a_branch_without_a_comparison_says_not_enough_figures(client, bob, accounts_with_comparison):
    client.force_login(bob)
    html = client.get(accounts_with_comparison.contract.provider.get_absolute_url()).content.decode()
    assert "Not enough figures: no pay comparison gives a front-line worker&#x27;s pay" in html
    assert DIRECTOR_SUM not in html  # another branch's comparison is not bob's to read


def test_comparison_page_and_its_ratios(alice_client, accounts_with_comparison):
    html = alice_client.get(accounts_with_comparison.get_absolute_url()).content.decode()
    assert DIRECTOR_SUM in html
    assert "£31.0m ÷ £48.0m = 64.6%" in html


def test_comparison_without_the_contractor_rate_says_why(alice_client, accounts_with_comparison):
    ComparisonTerms.objects.filter(comparison=accounts_with_comparison).exclude(column="direct").update(
        hourly_rate=None
    )
    html = alice_client.get(accounts_with_comparison.contract.get_absolute_url()).content.decode()
    assert "Not enough figures: the contractor&#x27;s hourly rate is not recorded in the “Cleaners” comparison" in html


def test_contract_page_without_accounts_shows_no_ratios(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, provider=ProviderFactory())
    html = alice_client.get(contract.get_absolute_url()).content.decode()
    assert "No accounts recorded yet" in html and "accounts show" not in html

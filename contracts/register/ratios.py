"""Ratios beside a provider's accounts, each with its arithmetic, for the guide's arguments about profit and pay.

Every ratio is worked out from the figures as recorded and shows the sum that makes it ("£3.1m ÷ £48.0m = 6.5%"),
so anyone can check it with a calculator. A missing figure, or one that would divide by zero, makes the ratio
"not enough figures" and says which; nothing is guessed or treated as zero.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NOT_ENOUGH = "not enough figures"
TENTH = Decimal("0.1")
MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)


def short_money(value: Decimal) -> str:
    """£48.0m when the shorter form loses nothing (so the sum shown is the sum done), else £412,000 or £1,234,567."""
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value >= BILLION:  # a group's turnover: "£4.5bn", not "£4,500.0m"
        for places in (1, 2, 3):
            billions = value / BILLION
            if billions == round(billions, places):
                return f"{sign}£{billions:,.{places}f}bn"
    if value >= MILLION:
        for places in (1, 2, 3):
            millions = value / MILLION
            if millions == round(millions, places):
                return f"{sign}£{millions:,.{places}f}m"
    if value == value.to_integral_value():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def _figures(accounts, *names) -> list[Decimal | None]:
    # Accounts read back from the database hold Decimals; ones just built may hold ints (or floats from a form).
    return [None if (v := getattr(accounts, name, None)) is None else Decimal(str(v)) for name in names]


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FrontLinePay:
    """A front-line worker's full-time pay a year from a pay comparison, or why it is not known (annual None)."""

    annual: Decimal | None
    working: str
    as_at: datetime.date | None = None  # the date the comparison's pay applies


@dataclass(frozen=True)
class Ratio:
    label: str
    display: str | None  # None: not enough figures
    working: str
    warning: bool = False  # e.g. dividends paid in a loss-making year

    @property
    def known(self) -> bool:
        return self.display is not None


@dataclass(frozen=True)
class YearRatios:
    year: int
    ratios: list[Ratio]


def _missing(label: str, **figures) -> Ratio | None:
    names = [name.replace("_", " ") for name, value in figures.items() if value is None]
    if not names:
        return None
    # "dividends are", "staff costs are", "turnover is": the accounts' plural names take a plural verb.
    verb = "is" if len(names) == 1 and not names[0].endswith("s") else "are"
    return Ratio(label, None, f"{NOT_ENOUGH}: {' and '.join(names)} {verb} not recorded")


def _share(label: str, part: Decimal, whole: Decimal, whole_name: str) -> Ratio:
    if whole <= 0:
        return Ratio(label, None, f"{NOT_ENOUGH}: {whole_name} is {short_money(whole)}, nothing to divide by")
    value = _tenth(part / whole * 100)
    shown = f"{'−' if value < 0 else ''}{abs(value)}%"  # a true minus sign, as the money has
    return Ratio(label, shown, f"{short_money(part)} ÷ {short_money(whole)} = {shown}")


def _share_of_turnover(accounts, label: str, field: str, name: str) -> Ratio:
    part, turnover = _figures(accounts, field, "turnover")
    if missing := _missing(label, **{name: part, "turnover": turnover}):
        return missing
    return _share(label, part, turnover, "turnover")


def profit_margin(accounts) -> Ratio:
    return _share_of_turnover(accounts, "Profit margin", "profit", "profit_before_tax")


def staff_costs_share(accounts) -> Ratio:
    return _share_of_turnover(accounts, "Staff costs as a share of turnover", "staff_costs", "staff_costs")


def dividends_in_loss(accounts) -> Ratio:
    label = "Dividends paid in a loss-making year"
    profit, dividends = _figures(accounts, "profit", "dividends")
    if missing := _missing(label, profit_before_tax=profit, dividends=dividends):
        return missing
    if profit >= 0:
        return Ratio(label, "No", f"not a loss-making year: profit before tax {short_money(profit)}")
    if dividends <= 0:
        return Ratio(label, "No", f"no dividends paid in a year with a loss of {short_money(-profit)}")
    return Ratio(
        label,
        "Yes",
        f"{short_money(dividends)} paid to shareholders in a year with a loss of {short_money(-profit)}",
        warning=True,
    )


def director_multiple(accounts, front_line: FrontLinePay | None) -> Ratio:
    label = "Highest-paid director against a front-line worker's full-time pay"
    (director,) = _figures(accounts, "highest_paid_director")
    if director is None:
        return Ratio(label, None, f"{NOT_ENOUGH}: the highest-paid director's pay is not recorded")
    if front_line is None:
        return Ratio(label, None, f"{NOT_ENOUGH}: no pay comparison gives a front-line worker's pay")
    if front_line.annual is None:
        return Ratio(label, None, f"{NOT_ENOUGH}: {front_line.working}")
    if front_line.annual <= 0:
        return Ratio(label, None, f"{NOT_ENOUGH}: the front-line pay is {short_money(front_line.annual)}")
    value = _tenth(director / front_line.annual)
    working = f"{short_money(director)} ÷ {short_money(front_line.annual)} ({front_line.working}) = {value} times"
    if front_line.as_at and front_line.as_at.year != accounts.year:
        # Pay rises most years: today's rate against an older year's director pay understates that year's gap.
        working += (
            f". The front-line pay is the comparison's, as at {front_line.as_at.day} {front_line.as_at:%B %Y}, not "
            f"pay in {accounts.year}: add a comparison for that year to set like against like"
        )
    return Ratio(label, f"{value} times", working)


def account_ratios(accounts_by_year, front_line: FrontLinePay | None = None) -> list[YearRatios]:
    """The four ratios for each year of accounts, in the order given (newest first on every page)."""
    return [
        YearRatios(
            accounts.year,
            [
                profit_margin(accounts),
                dividends_in_loss(accounts),
                director_multiple(accounts, front_line),
                staff_costs_share(accounts),
            ],
        )
        for accounts in accounts_by_year
    ]


def front_line_from(comparisons) -> FrontLinePay | None:
    """The first of `comparisons` (newest first) that gives a front-line worker's pay; else why the newest does not;
    None when there is no comparison. Each is a pay comparison with a `front_line_pay()` method."""
    reason = None
    for comparison in comparisons:
        pay = comparison.front_line_pay()
        if pay.annual is not None:
            return pay
        reason = reason or pay
    return reason

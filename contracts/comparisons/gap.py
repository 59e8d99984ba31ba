"""The gap in money between contractor and in-house terms: pure functions on Decimal.

Every result is a `Figure`: a value (or None when a number it needs is missing) and the arithmetic as text,
so a member can check it with a calculator. Missing numbers stay unknown; they are never treated as zero.
Each step rounds to the penny (or to 2 decimal places for FTE) and the next step uses the rounded figure
shown, so the printed working always reproduces the printed result.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# 365.25 days ÷ 7: the weeks in an average year, the basis local government and the NHS use to turn an annual
# salary into an hourly rate.
WEEKS_PER_YEAR = Decimal("52.143")
DAYS_PER_WEEK = Decimal(5)
PENNY = Decimal("0.01")
UNKNOWN = "unknown"


def _round(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def money(value: Decimal | None) -> str:
    """£1,234.56; negative amounts with a true minus sign; None is "unknown"."""
    if value is None:
        return UNKNOWN
    value = Decimal(str(value))
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(_round(value)):,.2f}"


def number(value: Decimal | int | None) -> str:
    """37, 37.5, 1,234.25: no trailing zeros, thousands separated."""
    if value is None:
        return UNKNOWN
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def percent(value: Decimal | None) -> str:
    return UNKNOWN if value is None else f"{number(value)}%"


@dataclass(frozen=True)
class Figure:
    """A value with its arithmetic. `value` is None when the figure cannot be worked out."""

    value: Decimal | None
    working: str
    unit: str = "money"  # "money", "days", "fte", "share-of-profit"

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        if self.value is None:
            return UNKNOWN
        if self.unit == "money":
            return money(self.value)
        if self.unit == "share-of-profit":
            # A share of the provider's profit, not a difference between two percentages.
            return f"{number(self.value)}% of the provider's profit"
        return number(self.value)

    def __str__(self) -> str:
        return self.display


def unknown(reason: str, unit: str = "money") -> Figure:
    return Figure(None, f"unknown: {reason}", unit)


def _missing(**numbers) -> list[str]:
    return [name.replace("in_house", "in-house").replace("_", " ") for name, value in numbers.items() if value is None]


def _because(missing: list[str]) -> str:
    return " and ".join(missing) + (" is" if len(missing) == 1 else " are") + " not known"


def hourly_from_annual(annual_salary: Decimal | None, weekly_hours: Decimal | None) -> Figure:
    """An annual salary as an hourly rate, the way national pay scales publish it."""
    if missing := _missing(annual_salary=annual_salary, weekly_hours=weekly_hours):
        return unknown(_because(missing))
    if weekly_hours <= 0:
        return unknown("weekly hours must be more than 0")
    value = _round(annual_salary / WEEKS_PER_YEAR / weekly_hours)
    return Figure(
        value,
        f"{money(annual_salary)} ÷ {WEEKS_PER_YEAR} weeks ÷ {number(weekly_hours)} hours = {money(value)} an hour",
    )


def hourly_gap(contractor_rate: Decimal | None, direct_rate: Decimal | None) -> Figure:
    """In-house rate minus contractor rate: positive is what staff would gain in-house."""
    if missing := _missing(contractor_hourly_rate=contractor_rate, in_house_hourly_rate=direct_rate):
        return unknown(_because(missing))
    value = direct_rate - contractor_rate
    return Figure(value, f"{money(direct_rate)} − {money(contractor_rate)} = {money(value)} an hour")


def annual_pay(hourly_rate: Decimal, weekly_hours: Decimal) -> Figure:
    """An hourly rate over a year of `weekly_hours` weeks."""
    value = _round(hourly_rate * weekly_hours * WEEKS_PER_YEAR)
    return Figure(
        value,
        f"{money(hourly_rate)} an hour × {number(weekly_hours)} hours × {WEEKS_PER_YEAR} weeks = {money(value)} a year",
    )


def annual_for_hours(per_hour: Figure, weekly_hours: Decimal | None) -> Figure:
    """An hourly gap over a year for one post working `weekly_hours` (part-time posts use their own hours)."""
    if not per_hour.known:
        return Figure(None, per_hour.working)
    if weekly_hours is None:
        return unknown("weekly hours are not known")
    value = _round(per_hour.value * weekly_hours * WEEKS_PER_YEAR)
    return Figure(
        value,
        f"{per_hour.working} × {number(weekly_hours)} hours × {WEEKS_PER_YEAR} weeks = {money(value)} a year",
    )


def annual_gap_from_salary(
    direct_annual: Decimal, direct_label: str, contractor_rate: Decimal | None, weekly_hours: Decimal | None
) -> Figure:
    """A full-time post's pay gap a year when the in-house pay is an annual salary (a pay point): the salary as
    published, less the contractor's rate over the same year, so the in-house side is not rebuilt from a rounded
    hourly rate."""
    if missing := _missing(contractor_hourly_rate=contractor_rate, weekly_hours=weekly_hours):
        return unknown(_because(missing))
    contractor_annual = _round(contractor_rate * weekly_hours * WEEKS_PER_YEAR)
    value = direct_annual - contractor_annual
    return Figure(
        value,
        f"{money(direct_annual)} a year ({direct_label}) − {money(contractor_rate)} × {number(weekly_hours)} hours × "
        f"{WEEKS_PER_YEAR} weeks ({money(contractor_annual)}) = {money(value)} a year",
    )


def full_time_equivalent(staff: int | None, weekly_hours: Decimal | None, full_time_hours: Decimal | None) -> Figure:
    if missing := _missing(staff_numbers=staff, weekly_hours=weekly_hours, full_time_hours=full_time_hours):
        return unknown(_because(missing), unit="fte")
    value = _round(Decimal(staff) * weekly_hours / full_time_hours)
    return Figure(
        value,
        f"{number(staff)} staff × {number(weekly_hours)} hours ÷ {number(full_time_hours)} hours "
        f"= {number(value)} full-time equivalent",
        unit="fte",
    )


def posts_to_count(staff: int | None, fte: Figure) -> Figure:
    """How many full-time posts a workforce figure multiplies by: FTE when hours are known, else headcount.

    Without hours every post is counted as full-time, and the working says so.
    """
    if fte.known:
        return fte
    if staff is None:
        return unknown("staff numbers are not known", unit="fte")
    return Figure(
        Decimal(staff),
        f"{number(staff)} staff, each counted as full-time because their weekly hours are not known",
        unit="fte",
    )


def across_workforce(per_post: Figure, posts: Figure) -> Figure:
    if not per_post.known:
        return Figure(None, per_post.working)
    if not posts.known:
        return Figure(None, posts.working)
    value = _round(per_post.value * posts.value)
    return Figure(value, f"{money(per_post.value)} × {number(posts.value)} posts = {money(value)} a year")


def daily_rate(hourly_rate: Decimal | None, full_time_hours: Decimal | None) -> Figure:
    if missing := _missing(hourly_rate=hourly_rate, full_time_hours=full_time_hours):
        return unknown(_because(missing))
    value = _round(hourly_rate * full_time_hours / DAYS_PER_WEEK)
    return Figure(
        value,
        f"{money(hourly_rate)} × {number(full_time_hours)} hours ÷ {DAYS_PER_WEEK} days = {money(value)} a day",
    )


def leave_value(
    contractor_days: Decimal | None,
    direct_days: Decimal | None,
    direct_hourly_rate: Decimal | None,
    full_time_hours: Decimal | None,
) -> Figure:
    """Extra days of paid leave in-house, valued at the in-house day's pay, for one full-time post."""
    if missing := _missing(contractor_leave_days=contractor_days, in_house_leave_days=direct_days):
        return unknown(_because(missing))
    days = direct_days - contractor_days
    day = daily_rate(direct_hourly_rate, full_time_hours)
    if not day.known:
        return Figure(None, f"{number(days)} days' difference, but the day's pay is {day.working}")
    value = _round(days * day.value)
    return Figure(
        value,
        f"({number(direct_days)} − {number(contractor_days)}) = {number(days)} days × {money(day.value)} a day "
        f"({day.working.removesuffix(f' = {money(day.value)} a day')}) = {money(value)} a year",
    )


def weekly_pay(hourly_rate: Decimal | None, weekly_hours: Decimal | None) -> Decimal | None:
    if hourly_rate is None or weekly_hours is None:
        return None
    return _round(hourly_rate * weekly_hours)


def sick_pay_value(
    *,
    contractor_full_weeks: Decimal | None,
    contractor_half_weeks: Decimal | None,
    contractor_hourly_rate: Decimal | None,
    direct_full_weeks: Decimal | None,
    direct_half_weeks: Decimal | None,
    direct_hourly_rate: Decimal | None,
    full_time_hours: Decimal | None,
) -> Figure:
    """What the better sick pay is worth to one full-time post off sick for the whole entitlement.

    An entitlement, not a yearly cost: it is shown but not added to the yearly totals. Statutory Sick Pay,
    which both employers pay as a minimum, is left out of both sides.
    """
    missing = _missing(
        contractor_weeks_on_full_pay=contractor_full_weeks,
        contractor_weeks_on_half_pay=contractor_half_weeks,
        contractor_hourly_rate=contractor_hourly_rate,
        in_house_weeks_on_full_pay=direct_full_weeks,
        in_house_weeks_on_half_pay=direct_half_weeks,
        in_house_hourly_rate=direct_hourly_rate,
        full_time_hours=full_time_hours,
    )
    if missing:
        return unknown(_because(missing))
    direct_week = weekly_pay(direct_hourly_rate, full_time_hours)
    contractor_week = weekly_pay(contractor_hourly_rate, full_time_hours)
    direct_total = _round(direct_full_weeks * direct_week + direct_half_weeks * direct_week / 2)
    contractor_total = _round(contractor_full_weeks * contractor_week + contractor_half_weeks * contractor_week / 2)
    value = direct_total - contractor_total
    return Figure(
        value,
        f"in-house {number(direct_full_weeks)} weeks × {money(direct_week)} + {number(direct_half_weeks)} weeks "
        f"× half pay = {money(direct_total)}; contractor {number(contractor_full_weeks)} weeks × "
        f"{money(contractor_week)} + {number(contractor_half_weeks)} weeks × half pay = {money(contractor_total)}; "
        f"{money(direct_total)} − {money(contractor_total)} = {money(value)} for a full sick-pay entitlement",
    )


def pension_value(
    *,
    contractor_pct: Decimal | None,
    contractor_hourly_rate: Decimal | None,
    direct_pct: Decimal | None,
    direct_hourly_rate: Decimal | None,
    full_time_hours: Decimal | None,
) -> Figure:
    """Difference in the employer's pension contribution for one full-time post a year, each on its own pay.

    Contributions are taken on whole pay; auto-enrolment minimums apply only to qualifying earnings, so for
    a contractor paying the minimum this understates the gap.
    """
    missing = _missing(
        contractor_employer_contribution=contractor_pct,
        contractor_hourly_rate=contractor_hourly_rate,
        in_house_employer_contribution=direct_pct,
        in_house_hourly_rate=direct_hourly_rate,
        full_time_hours=full_time_hours,
    )
    if missing:
        return unknown(_because(missing))
    direct_pay = _round(direct_hourly_rate * full_time_hours * WEEKS_PER_YEAR)
    contractor_pay = _round(contractor_hourly_rate * full_time_hours * WEEKS_PER_YEAR)
    direct_amount = _round(direct_pay * direct_pct / 100)
    contractor_amount = _round(contractor_pay * contractor_pct / 100)
    value = direct_amount - contractor_amount
    return Figure(
        value,
        f"{percent(direct_pct)} × {money(direct_pay)} = {money(direct_amount)}; "
        f"{percent(contractor_pct)} × {money(contractor_pay)} = {money(contractor_amount)}; "
        f"{money(direct_amount)} − {money(contractor_amount)} = {money(value)} a year",
    )


def unsocial_hours_value(
    *,
    contractor_premium_pct: Decimal | None,
    contractor_hourly_rate: Decimal | None,
    direct_premium_pct: Decimal | None,
    direct_hourly_rate: Decimal | None,
    unsocial_hours_weekly: Decimal | None,
) -> Figure:
    """The better unsocial-hours premium over a year, for a post working the contractor's unsocial hours."""
    missing = _missing(
        contractor_premium=contractor_premium_pct,
        contractor_hourly_rate=contractor_hourly_rate,
        in_house_premium=direct_premium_pct,
        in_house_hourly_rate=direct_hourly_rate,
        unsocial_hours_a_week=unsocial_hours_weekly,
    )
    if missing:
        return unknown(_because(missing))
    direct_premium = _round(direct_hourly_rate * direct_premium_pct / 100)
    contractor_premium = _round(contractor_hourly_rate * contractor_premium_pct / 100)
    per_hour = direct_premium - contractor_premium
    value = _round(per_hour * unsocial_hours_weekly * WEEKS_PER_YEAR)
    return Figure(
        value,
        f"({percent(direct_premium_pct)} of {money(direct_hourly_rate)} = {money(direct_premium)}) − "
        f"({percent(contractor_premium_pct)} of {money(contractor_hourly_rate)} = {money(contractor_premium)}) "
        f"= {money(per_hour)} an unsocial hour × {number(unsocial_hours_weekly)} hours × {WEEKS_PER_YEAR} weeks "
        f"= {money(value)} a year",
    )


@dataclass(frozen=True)
class Total:
    """A sum of the parts that are known; the parts that are not are named, never counted as zero."""

    value: Decimal | None
    working: str
    counted: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def complete(self) -> bool:
        return self.known and not self.not_counted

    @property
    def display(self) -> str:
        return money(self.value)


def total(parts: Iterable[tuple[str, Figure]]) -> Total:
    parts = list(parts)
    known = [(name, figure) for name, figure in parts if figure.known]
    not_counted = [name for name, figure in parts if not figure.known]
    if not known:
        return Total(None, "unknown: none of the parts is known", [], not_counted)
    value = sum((figure.value for _, figure in known), Decimal(0))
    working = " + ".join(f"{money(figure.value)} ({name})" for name, figure in known) + f" = {money(value)}"
    if not_counted:
        working += f"; not counted because unknown: {', '.join(not_counted)}"
    return Total(value, working, [name for name, _ in known], not_counted)


def against_reference(rate: Decimal | None, reference: Decimal | None, name: str) -> Figure:
    """How far an hourly rate is above (positive) or below (negative) a reference rate."""
    if rate is None:
        return unknown("the hourly rate is not known")
    if reference is None:
        return unknown(f"no {name} is recorded for that date")
    value = rate - reference
    if value < 0:
        words = f"{money(-value)} an hour below"
    elif value > 0:
        words = f"{money(value)} an hour above"
    else:
        words = "the same as"
    return Figure(value, f"{money(rate)} is {words} the {name} of {money(reference)}")

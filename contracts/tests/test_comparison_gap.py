"""The gap arithmetic on worked examples: figures and the working printed beside them."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

from contracts.comparisons import gap
from contracts.comparisons.analysis import analyse
from contracts.comparisons.models import COLUMN_LABELS, ROWS, Comparison, ComparisonTerms, PayPoint
from contracts.models import Contract

LABELS = dict(ROWS) | dict(COLUMN_LABELS)


def test_hourly_gap_a_year_for_a_full_time_post_shows_its_arithmetic():
    per_hour = gap.hourly_gap(D("12.21"), D("12.60"))
    per_year = gap.annual_for_hours(per_hour, D("37"))
    assert per_hour.value == D("0.39")
    assert per_year.value == D("752.42")
    assert per_year.working == "£12.60 − £12.21 = £0.39 an hour × 37 hours × 52.143 weeks = £752.42 a year"


def test_part_time_post_is_valued_on_its_own_hours_and_counted_as_a_fraction_of_a_post():
    per_hour = gap.hourly_gap(D("12.21"), D("12.60"))
    assert gap.annual_for_hours(per_hour, D("20")).value == D("406.72")
    fte = gap.full_time_equivalent(120, D("20"), D("37"))
    assert fte.value == D("64.86")
    assert fte.working == "120 staff × 20 hours ÷ 37 hours = 64.86 full-time equivalent"
    workforce = gap.across_workforce(gap.annual_for_hours(per_hour, D("37")), fte)
    assert workforce.value == D("48801.96")
    assert workforce.working == "£752.42 × 64.86 posts = £48,801.96 a year"


def test_without_weekly_hours_every_post_counts_as_full_time_and_says_so():
    posts = gap.posts_to_count(120, gap.full_time_equivalent(120, None, D("37")))
    assert posts.value == D("120")
    assert "counted as full-time because their weekly hours are not known" in posts.working


def test_missing_numbers_are_unknown_never_zero():
    per_hour = gap.hourly_gap(None, D("12.60"))
    assert per_hour.value is None
    assert per_hour.display == "unknown"
    assert per_hour.working == "unknown: contractor hourly rate is not known"
    per_year = gap.annual_for_hours(per_hour, D("37"))
    assert (per_year.value, per_year.display) == (None, "unknown")
    assert gap.money(None) == "unknown"
    workforce = gap.across_workforce(gap.annual_for_hours(gap.hourly_gap(D("12"), D("13")), D("37")), gap.unknown("x"))
    assert workforce.value is None


def test_a_known_zero_is_zero_and_not_unknown():
    sick = gap.sick_pay_value(
        contractor_full_weeks=D(0),
        contractor_half_weeks=D(0),
        contractor_hourly_rate=D("12.21"),
        direct_full_weeks=D(26),
        direct_half_weeks=D(26),
        direct_hourly_rate=D("12.60"),
        full_time_hours=D(37),
    )
    assert sick.value == D("18181.80")
    assert "contractor 0 weeks × £451.77 + 0 weeks × half pay = £0.00" in sick.working


def test_leave_pension_and_unsocial_hours_are_valued_with_their_working():
    leave = gap.leave_value(D(28), D(35), D("12.60"), D(37))
    assert leave.value == D("652.68")
    assert leave.working == "(35 − 28) = 7 days × £93.24 a day (£12.60 × 37 hours ÷ 5 days) = £652.68 a year"
    pension = gap.pension_value(
        contractor_pct=D(3),
        contractor_hourly_rate=D("12.21"),
        direct_pct=D(18),
        direct_hourly_rate=D("12.60"),
        full_time_hours=D(37),
    )
    assert pension.value == D("3668.93")
    assert pension.working == (
        "18% × £24,309.07 = £4,375.63; 3% × £23,556.64 = £706.70; £4,375.63 − £706.70 = £3,668.93 a year"
    )
    unsocial = gap.unsocial_hours_value(
        contractor_premium_pct=D(0),
        contractor_hourly_rate=D("12.21"),
        direct_premium_pct=D(50),
        direct_hourly_rate=D("12.60"),
        unsocial_hours_weekly=D(4),
    )
    assert unsocial.value == D("1314.00")


def test_an_annual_salary_becomes_an_hourly_rate_on_the_schemes_week():
    njc = gap.hourly_from_annual(D("24796"), D("37"))
    assert njc.value == D("12.85")
    assert njc.working == "£24,796.00 ÷ 52.143 weeks ÷ 37 hours = £12.85 an hour"
    assert gap.hourly_from_annual(D("24465"), D("37.5")).value == D("12.51")


def test_totals_count_only_known_parts_and_name_the_rest():
    total = gap.total([("pay", gap.Figure(D("752.42"), "")), ("leave", gap.unknown("no days"))])
    assert total.value == D("752.42")
    assert total.not_counted == ["leave"]
    assert "not counted because unknown: leave" in total.working
    assert gap.total([("leave", gap.unknown("no days"))]).display == "unknown"


def test_rates_are_set_against_reference_rates():
    assert gap.against_reference(D("12.21"), D("12.60"), "Real Living Wage (UK)").working == (
        "£12.21 is £0.39 an hour below the Real Living Wage (UK) of £12.60"
    )
    assert gap.against_reference(None, D("12.60"), "Real Living Wage (UK)").display == "unknown"


def _terms(column, **numbers):
    return ComparisonTerms(column=column, pay_rates=f"{column} pay", **numbers)


def _references():
    day = datetime.date(2025, 4, 1)
    return {
        "minimum-wage": SimpleNamespace(
            name="National Living Wage", hourly_rate=D("12.21"), effective_from=day, source="GOV.UK", age_note=""
        ),
        "rlw-uk": SimpleNamespace(
            name="Real Living Wage (UK)", hourly_rate=D("12.60"), effective_from=day, source="LWF", age_note=""
        ),
    }


def test_two_tier_workforce_gets_a_column_and_a_gap_for_each_group():
    contract = Contract(service="Cleaning", staff_count=120)
    comparison = Comparison(
        contract=contract,
        title="Cleaners",
        as_at=datetime.date(2025, 6, 1),
        two_tier=True,
        transferred_staff=40,
        new_starter_staff=80,
    )
    analysis = analyse(
        comparison,
        terms=[
            _terms("contractor", hourly_rate=D("12.60"), weekly_hours=D(37)),
            _terms("new-starters", hourly_rate=D("12.21"), weekly_hours=D(20)),
            _terms("direct", hourly_rate=D("12.60"), weekly_hours=D(37)),
        ],
        references=_references(),
        pay_point=None,
        labels=LABELS,
    )
    assert [c.heading for c in analysis.columns] == [
        "Contractor staff transferred under TUPE",
        "Contractor staff taken on since the transfer (new starters)",
        "Comparable staff directly employed by the public authority",
    ]
    tupe, new = analysis.gaps
    assert (tupe.staff, tupe.per_hour.value, tupe.workforce_pay.value) == (40, D("0.00"), D("0.00"))
    assert (new.staff, new.per_hour.value, new.posts.value) == (80, D("0.39"), D("43.24"))
    assert new.per_post.value == D("406.72")  # a 20-hour post
    assert new.workforce_pay.value == D("32534.64")  # £752.42 × 43.24 full-time posts
    assert analysis.grand_total.value == D("32534.64")
    assert "leave" in " ".join(analysis.grand_total.not_counted)
    assert [row.cells[1].text for row in analysis.rows][:1] == ["new-starters pay"]


def test_two_tier_workforce_without_tier_numbers_has_an_unknown_workforce_gap():
    comparison = Comparison(
        contract=Contract(service="Cleaning", staff_count=120),
        title="Cleaners",
        as_at=datetime.date(2025, 6, 1),
        two_tier=True,
    )
    analysis = analyse(
        comparison,
        terms=[_terms("contractor", hourly_rate=D("12.21")), _terms("direct", hourly_rate=D("12.60"))],
        references=_references(),
        pay_point=None,
        labels=LABELS,
    )
    assert [g.workforce_pay.display for g in analysis.gaps] == ["unknown", "unknown"]
    assert analysis.gaps[0].per_hour.value == D("0.39")
    assert analysis.grand_total.display == "unknown"


def test_single_tier_uses_the_contracts_staff_numbers_and_the_pay_points_rate_and_hours():
    comparison = Comparison(
        contract=Contract(service="Catering", staff_count=10),
        title="Kitchen assistants",
        as_at=datetime.date(2025, 6, 1),
        pay_scheme="njc",
        pay_point="SCP 3",
    )
    pay_point = PayPoint(
        scheme="njc",
        point="SCP 3",
        annual_salary=D("24796"),
        weekly_hours=D("37"),
        effective_from=datetime.date(2025, 4, 1),
        source="NJC 2025",
    )
    analysis = analyse(
        comparison,
        terms=[_terms("contractor", hourly_rate=D("12.21"), weekly_hours=D("37")), _terms("direct")],
        references={},
        pay_point=pay_point,
        labels=LABELS | {"pay_rates": "Rates of pay"},
    )
    (only,) = analysis.gaps
    assert analysis.direct.hourly_rate == D("12.85")
    assert analysis.full_time_hours == D("37")
    assert only.per_hour.working == "£12.85 − £12.21 = £0.64 an hour"
    # The pay point's £24,796 less £12.21 × 37 × 52.143 (£23,556.64), not (£12.85 − £12.21) × 37 × 52.143.
    assert only.per_full_time_post.value == D("1239.36")
    assert only.workforce_pay.value == D("12393.60")  # £1,239.36 a post × 10
    assert analysis.rows[0].label == "Rates of pay"
    assert [f.display for f in analysis.rate_checks[0].against[:2]] == ["unknown", "unknown"]

"""Demo pay points for demo-city and a two-tier comparison on its cleaning contract (if the register's demo
contract is there). Idempotent."""

import datetime
from decimal import Decimal

from contracts.register.models import Contract

from . import services
from .models import Comparison, ComparisonTerms, PayPoint

DEMO_SOURCE = "NJC pay agreement (demo figures: check against the published pay scale)"
PAY_POINTS = [
    ("SCP 2", datetime.date(2024, 4, 1), "23656"),
    ("SCP 3", datetime.date(2024, 4, 1), "24027"),
    ("SCP 2", datetime.date(2025, 4, 1), "24413"),
    ("SCP 3", datetime.date(2025, 4, 1), "24796"),
]
TERMS = {
    "contractor": {
        "pay_rates": "Hourly rate set by the contractor; transferred staff kept their council rate, since frozen.",
        "pay_increases": "Only when the National Living Wage rises.",
        "unsocial_hours": "No enhancement for early mornings or weekends.",
        "hours": "Mostly part-time, split shifts 6-9am and 4-7pm.",
        "leave": "Statutory minimum: 28 days including bank holidays.",
        "sick_pay": "Statutory Sick Pay only.",
        "pension": "Auto-enrolment scheme, 3% employer contribution.",
        "other": "Statutory maternity and paternity pay only; unpaid 20-minute break.",
        "hourly_rate": Decimal("12.60"),
        "weekly_hours": Decimal("20"),
        "annual_leave_days": Decimal("28"),
        "sick_full_weeks": Decimal("0"),
        "sick_half_weeks": Decimal("0"),
        "employer_pension_pct": Decimal("3"),
        "unsocial_premium_pct": Decimal("0"),
        "unsocial_hours_weekly": Decimal("6"),
    },
    "new-starters": {
        "pay_rates": "National Living Wage.",
        "pay_increases": "Only when the National Living Wage rises.",
        "hours": "Part-time, often below 16 hours.",
        "leave": "Statutory minimum: 28 days including bank holidays.",
        "sick_pay": "Statutory Sick Pay only.",
        "pension": "Auto-enrolment scheme, 3% employer contribution.",
        "hourly_rate": Decimal("12.21"),
        "weekly_hours": Decimal("15"),
        "annual_leave_days": Decimal("28"),
        "sick_full_weeks": Decimal("0"),
        "sick_half_weeks": Decimal("0"),
        "employer_pension_pct": Decimal("3"),
        "unsocial_premium_pct": Decimal("0"),
        "unsocial_hours_weekly": Decimal("6"),
    },
    "direct": {
        "pay_rates": "NJC pay spine, SCP 3.",
        "pay_increases": "Annual NJC pay award.",
        "unsocial_hours": "Time and a half for weekend work.",
        "hours": "37-hour full-time week; part-time pro rata.",
        "leave": "27 days plus 8 bank holidays, rising with service.",
        "sick_pay": "Up to 6 months on full pay and 6 on half pay after 5 years' service.",
        "pension": "Local Government Pension Scheme.",
        "other": "Enhanced maternity pay; paid breaks.",
        "weekly_hours": Decimal("37"),
        "annual_leave_days": Decimal("35"),
        "sick_full_weeks": Decimal("26"),
        "sick_half_weeks": Decimal("26"),
        "employer_pension_pct": Decimal("18"),
        "unsocial_premium_pct": Decimal("50"),
    },
}


def seed_demo(tenancy, stdout):
    branch = tenancy.branches["demo-city"]
    for point, effective_from, salary in PAY_POINTS:
        PayPoint.objects.get_or_create(
            branch=branch,
            scheme="njc",
            point=point,
            effective_from=effective_from,
            defaults={"annual_salary": Decimal(salary), "weekly_hours": Decimal("37"), "source": DEMO_SOURCE},
        )
    contract = Contract.objects.filter(branch=branch, reference="DEMO-CLEAN-01").first()
    if contract is None or Comparison.objects.filter(contract=contract).exists():
        return
    comparison = services.comparison_create(
        contract=contract,
        user=tenancy.officer,
        title="Cleaners",
        as_at=datetime.date(2025, 6, 1),
        two_tier=True,
        pay_scheme="njc",
        pay_point="SCP 3",
        transferred_staff=30,
        new_starter_staff=50,
        sources="Staff survey, spring 2025\nCouncil's NJC pay scales and employee handbook",
    )
    for column, values in TERMS.items():
        ComparisonTerms.objects.filter(comparison=comparison, column=column).update(**values)
    stdout.write("Demo terms and conditions comparison: Cleaners on DEMO-CLEAN-01")

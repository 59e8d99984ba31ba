import datetime
from decimal import Decimal

import factory

from contracts.models.comparisons import Comparison, ComparisonTerms, PayPoint
from contracts.tests.factories import ContractFactory


class ComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparison

    contract = factory.SubFactory(ContractFactory)
    title = "Cleaners"
    as_at = datetime.date(2025, 6, 1)


class PayPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayPoint

    scheme = "njc"
    point = factory.Sequence(lambda n: f"SCP {n + 2}")
    effective_from = datetime.date(2025, 4, 1)
    annual_salary = Decimal("24796")
    weekly_hours = Decimal("37")


def make_comparison(branch, *, two_tier=False, **fields) -> Comparison:
    """A comparison with the worked example's terms: contractor at the NLW, in-house at £12.60."""
    comparison = ComparisonFactory(contract=ContractFactory(branch=branch), two_tier=two_tier, **fields)
    ComparisonTerms.objects.create(
        comparison=comparison,
        column="contractor",
        pay_rates="National Living Wage",
        hourly_rate=Decimal("12.21"),
        weekly_hours=Decimal("20"),
        annual_leave_days=Decimal("28"),
        sick_full_weeks=Decimal("0"),
        sick_half_weeks=Decimal("0"),
        employer_pension_pct=Decimal("3"),
        pension="Stakeholder scheme, 3% employer",
    )
    ComparisonTerms.objects.create(comparison=comparison, column="new-starters", hourly_rate=Decimal("12.21"))
    ComparisonTerms.objects.create(
        comparison=comparison,
        column="direct",
        pay_rates="NJC pay spine",
        hourly_rate=Decimal("12.60"),
        weekly_hours=Decimal("37"),
        annual_leave_days=Decimal("35"),
        sick_full_weeks=Decimal("26"),
        sick_half_weeks=Decimal("26"),
        employer_pension_pct=Decimal("18"),
        pension="Local Government Pension Scheme",
    )
    return comparison

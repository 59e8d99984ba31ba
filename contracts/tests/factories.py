"""Test builders for the contracts app: one place for the register, FoI and comparison factories and helpers.

FoI requests are made through the same services the views use, so each test starts from a state a user can reach.
"""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from contracts.comparisons.models import Comparison, ComparisonTerms, PayPoint
from contracts.foi import services as foi_services
from contracts.foi.models import FoIRequest, InsourcingFirstMotion
from contracts.register.models import Contract, Provider, PublicAuthority
from insourcing.tests.factories import BranchFactory


class PublicAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicAuthority
        django_get_or_create = ["branch", "name"]

    branch = factory.SubFactory(BranchFactory)
    name = "Demo City Council"
    kind = PublicAuthority.Kind.COUNCIL
    nation = "england"
    foi_email = "foi@council.example.gov.uk"
    postal_address = "County Hall\nMartineau Lane\nNorwich\nNR1 2DH"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Contractor {n} Ltd")
    company_number = factory.Sequence(lambda n: f"{9000000 + n:08d}")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    branch = factory.SubFactory(BranchFactory)
    authority = factory.SubFactory(PublicAuthorityFactory, branch=factory.SelfAttribute("..branch"))
    provider = factory.SubFactory(ProviderFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:05d}")
    service = factory.Sequence(lambda n: f"School catering {n}")
    start_date = datetime.date(2022, 4, 1)
    end_date = datetime.date(2027, 3, 31)
    value = 1_250_000
    value_basis = Contract.ValueBasis.ANNUAL
    staff_count = 120
    union_members = 30
    other_union_members = 5
    activists = 2


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


def make_foi(branch, owner, *, nation="england", contracts=1, sent_on=None, **fields) -> FoIRequest:
    name = "Demo City Council" if nation == "england" else f"{nation.replace('-', ' ').title()} Council"
    authority = PublicAuthorityFactory(branch=branch, name=name, nation=nation)
    linked = [ContractFactory(branch=branch, authority=authority) for _ in range(contracts)]
    foi = foi_services.foi_request_create(branch=branch, authority=authority, contracts=linked, user=owner)
    if sent_on:
        foi = foi_services.foi_request_send(
            foi=foi, user=owner, method=FoIRequest.SentBy.POST, sent_on=sent_on, received_on=sent_on
        )
    if fields:
        FoIRequest.objects.filter(pk=foi.pk).update(**fields)
        foi.refresh_from_db()
    return foi


def make_sent_foi(branch, owner, **kwargs) -> FoIRequest:
    return make_foi(branch, owner, sent_on=kwargs.pop("sent_on", datetime.date(2026, 3, 2)), **kwargs)


def make_answered_foi(branch, owner) -> FoIRequest:
    foi = make_sent_foi(branch, owner)
    foi.reply_file.save("reply.pdf", ContentFile(b"%PDF-1.7 the reply"), save=False)
    FoIRequest.objects.filter(pk=foi.pk).update(
        status=FoIRequest.Status.ANSWERED, replied_on=datetime.date(2026, 3, 20), reply_file=foi.reply_file.name
    )
    foi.refresh_from_db()
    return foi


def make_motion(branch, owner) -> InsourcingFirstMotion:
    return foi_services.motion_create(branch=branch, authority=PublicAuthorityFactory(branch=branch), user=owner)

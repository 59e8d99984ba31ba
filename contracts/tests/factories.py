import datetime

import factory

from contracts.models import Contract, Provider, PublicAuthority
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

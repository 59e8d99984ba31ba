"""seed_demo: Demo City Council's three demo contracts, the Norfolk register and some Contracts Finder awards."""

import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from contracts.models import Contract, ContractExtension, Provider, PublicAuthority, Workplace

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Contract, Provider, PublicAuthority, ContractExtension, Workplace))


def test_seed_demo_loads_the_demo_contracts_and_real_registers_idempotently(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert "3 demo contracts and 485 imported contracts added" in out.getvalue()

    today = timezone.localdate()
    city = Contract.objects.filter(branch__slug="demo-city")
    cleaning = city.select_related("provider", "authority").get(reference="DEMO-CLEAN-01")
    assert cleaning.authority.foi_email == "foi@democity.example.gov.uk"
    assert cleaning.provider.name == "Brightwork Facilities Ltd"
    assert today + relativedelta(months=9) < cleaning.end_date <= today + relativedelta(months=11)
    assert (cleaning.staff_count, cleaning.union_members, cleaning.other_union_members, cleaning.activists) == (
        240,
        60,
        12,
        3,
    )
    extension = cleaning.extensions.get()
    assert (extension.months, extension.decision_date < cleaning.end_date) == (24, True)
    assert cleaning.workplaces.exclude(shift_times="").count() == 2
    catering = city.select_related("provider").get(reference="DEMO-CATER-01")
    leisure = city.select_related("provider").get(reference="DEMO-LEISURE-01")
    assert catering.provider.name == "Crumbs Catering Ltd"
    assert leisure.provider.kind == Provider.Kind.CHARITY
    assert cleaning.end_date < catering.end_date < leisure.end_date

    assert city.filter(authority__name="Norfolk County Council").count() == 478
    assert city.filter(provider__name="SODEXO LIMITED").exists()
    assert Contract.objects.filter(branch__slug="demo-health").count() == 2

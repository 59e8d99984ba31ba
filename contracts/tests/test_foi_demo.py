import io

import pytest

from contracts.foi import demo as demo_foi
from contracts.models import FoIRequest, InsourcingFirstMotion
from contracts.tests.factories import ContractFactory
from insourcing.demo import seed_tenancy

pytestmark = pytest.mark.django_db


def test_demo_foi_data_is_made_once_for_the_demo_cleaning_contract():
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01")
    demo_foi.seed_demo(tenancy, io.StringIO())
    demo_foi.seed_demo(tenancy, io.StringIO())
    assert sorted(FoIRequest.objects.values_list("status", flat=True)) == ["draft", "sent"]
    assert FoIRequest.objects.get(status="sent").due_on is not None
    assert InsourcingFirstMotion.objects.count() == 1


def test_demo_foi_skips_quietly_without_the_demo_contract():
    demo_foi.seed_demo(seed_tenancy(), io.StringIO())
    assert not FoIRequest.objects.exists()

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
    assert sorted(FoIRequest.objects.values_list("status", flat=True)) == ["draft", "internal-review", "sent"]
    assert FoIRequest.objects.get(status="sent").due_on is not None
    # The late one has both follow-up letters, with the app's own words for why each is late.
    late = FoIRequest.objects.get(status="internal-review")
    assert "I have had no reply, although the Freedom of Information Act 2000 required one" in late.review_body
    assert "has not sent the outcome of the review" in late.complaint_body
    assert "[" not in late.review_body + late.complaint_body
    assert InsourcingFirstMotion.objects.count() == 1


def test_demo_foi_skips_quietly_without_the_demo_contract():
    demo_foi.seed_demo(seed_tenancy(), io.StringIO())
    assert not FoIRequest.objects.exists()

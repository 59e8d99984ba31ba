import io

from contracts.comparisons import demo as demo_comparisons
from contracts.comparisons.analysis import load_analysis
from contracts.comparisons.models import Comparison, PayPoint
from contracts.tests.factories import ContractFactory
from insourcing.demo import seed_tenancy


def test_demo_comparison_is_created_once_on_the_demo_cleaning_contract(db):
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01", service="Cleaning")
    demo_comparisons.seed_demo(tenancy, io.StringIO())
    demo_comparisons.seed_demo(tenancy, io.StringIO())
    comparison = Comparison.objects.get()
    assert (comparison.title, comparison.two_tier, comparison.terms.count()) == ("Cleaners", True, 3)
    assert PayPoint.objects.count() == 4
    analysis = load_analysis(comparison)
    assert analysis.direct.hourly_rate is not None  # from the demo NJC SCP 3 on the "as at" date
    assert [g.per_hour.known for g in analysis.gaps] == [True, True]


def test_demo_skips_the_comparison_quietly_without_the_register_demo(db):
    tenancy = seed_tenancy()
    demo_comparisons.seed_demo(tenancy, io.StringIO())
    assert not Comparison.objects.exists()
    assert PayPoint.objects.count() == 4

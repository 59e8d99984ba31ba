from io import StringIO

from campaigns.models import Campaign
from campaigns.plans import demo
from contracts.tests.factories import ContractFactory
from insourcing.demo import seed_tenancy


def test_demo_campaign_is_seeded_once_with_progress(db):
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01", service="Office cleaning")
    demo.seed_demo(tenancy, StringIO())
    demo.seed_demo(tenancy, StringIO())

    campaign = Campaign.objects.get()
    assert campaign.name == "Bring cleaning back in-house"
    assert campaign.team.count() == 4
    assert campaign.snapshots.count() == 3
    assert campaign.plan_rows.filter(status="done").exists()
    assert campaign.plan_rows.filter(is_draft=True).exists()
    assert campaign.target_density == 60


def test_demo_campaign_is_skipped_without_the_cleaning_contract(db):
    demo.seed_demo(seed_tenancy(), StringIO())
    assert not Campaign.objects.exists()

import io

from campaigns.models import Activity, Ally, Campaign, DecisionMeeting, PowerMapPerson, WorkforceAction
from campaigns.organising import demo as demo_organising
from contracts.tests.factories import ContractFactory
from insourcing.demo import seed_tenancy


def _counts():
    return [m.objects.count() for m in (Campaign, WorkforceAction, Activity, Ally, PowerMapPerson, DecisionMeeting)]


def test_demo_organising_data_is_loaded_once_for_the_cleaning_contract(db):
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01")
    demo_organising.seed_demo(tenancy, io.StringIO())
    first = _counts()
    demo_organising.seed_demo(tenancy, io.StringIO())
    assert _counts() == first
    campaign = Campaign.objects.get()
    assert campaign.target_contracts.get().reference == "DEMO-CLEAN-01"
    assert campaign.workforce_actions.in_grid().count() == 5
    assert campaign.decision_meetings.filter(decides_contract=True).count() == 1


def test_demo_organising_data_is_skipped_without_the_contract(db):
    tenancy = seed_tenancy()
    demo_organising.seed_demo(tenancy, io.StringIO())
    assert not Campaign.objects.exists()

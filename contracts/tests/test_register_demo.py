from io import StringIO

from contracts.models import ContractPriority, Workplace
from contracts.register import demo as demo_register
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.demo import seed_tenancy


def test_register_demo_skips_quietly_without_the_demo_contract(db):
    tenancy = seed_tenancy()
    ContractFactory(branch=tenancy.branches["demo-city"], reference="OTHER-01")
    demo_register.seed_demo(tenancy, StringIO())
    assert not Workplace.objects.exists()


def test_register_demo_enriches_the_cleaning_contract_once(db):
    tenancy = seed_tenancy()
    branch = tenancy.branches["demo-city"]
    contract = ContractFactory(
        branch=branch, authority=PublicAuthorityFactory(branch=branch), reference="DEMO-CLEAN-01"
    )
    demo_register.seed_demo(tenancy, StringIO())
    demo_register.seed_demo(tenancy, StringIO())
    assert contract.workplaces.count() == 0  # contracts/demo.py gives the demo contract its workplaces
    assert contract.extensions.count() == 1
    assert contract.risk_flags.count() == 1
    assert ContractPriority.objects.get(contract=contract).discontent == 5
    assert contract.provider.financials.count() == 2

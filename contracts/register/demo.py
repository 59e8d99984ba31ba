"""Demo data for the register: the demo cleaning contract gets workplaces, an extension break, sources,
priority scores and its provider's accounts. Skips quietly until the imports demo has created the contract."""

import datetime

from django.utils import timezone

from .models import (
    Contract,
    ContractExtension,
    ContractPriority,
    ContractRiskFlag,
    FigureSource,
    ProviderFinancials,
    add_months,
)


def seed_demo(tenancy, stdout):
    contract = Contract.objects.filter(branch=tenancy.branches["demo-city"], reference="DEMO-CLEAN-01").first()
    if contract is None:
        return
    today = timezone.localdate()
    # contracts/demo.py already gives the contract its workplaces and sources; this adds what only the register has.
    if not contract.extensions.exists():
        decision = add_months(contract.end_date or today, -6)
        ContractExtension.objects.create(contract=contract, order=1, months=24, decision_date=max(decision, today))
    ContractRiskFlag.objects.get_or_create(contract=contract, flag=ContractRiskFlag.Flag.LOW_PAY)
    ContractPriority.objects.get_or_create(contract=contract, defaults={"growth": 4, "discontent": 5, "allies": 3})
    FigureSource.objects.get_or_create(
        contract=contract,
        field="staff_count",
        defaults={"kind": FigureSource.Kind.FOI, "detail": "Demo FoI answer", "as_of": datetime.date(2025, 1, 15)},
    )
    if contract.provider_id:
        ProviderFinancials.objects.get_or_create(
            provider_id=contract.provider_id,
            year=2024,
            defaults={
                "turnover": 48_000_000,
                "profit": 3_100_000,
                "dividends": 2_000_000,
                "staff_costs": 31_000_000,
                "highest_paid_director": 412_000,
                "source": ProviderFinancials.Source.COMPANIES_HOUSE,
            },
        )
        # A loss-making year that still paid dividends, so the ratios show their warning.
        ProviderFinancials.objects.get_or_create(
            provider_id=contract.provider_id,
            year=2023,
            defaults={
                "turnover": 45_500_000,
                "profit": -400_000,
                "dividends": 1_500_000,
                "staff_costs": 30_200_000,
                "highest_paid_director": 385_000,
                "source": ProviderFinancials.Source.COMPANIES_HOUSE,
            },
        )
    # Goods with a supply-chain risk: its CPV code (occupational clothing) makes a suggestion an officer decides.
    Contract.objects.get_or_create(
        branch=contract.branch,
        authority=contract.authority,
        reference="DEMO-UNIFORM-01",
        defaults={
            "service": "Staff uniforms and protective clothing",
            "description": "Uniforms, work gloves and protective clothing for council staff.",
            "cpv_code": "18110000",
            "value": 180_000,
            "value_basis": Contract.ValueBasis.ANNUAL,
            "end_date": add_months(today, 14),
        },
    )
    stdout.write(
        "Register demo: risk flag, priority scores and provider accounts for DEMO-CLEAN-01; a uniforms contract."
    )

"""Demo data for the contracts register: Demo City Council's three demo contracts and real imported registers.

Idempotent: contracts are found by reference and imports merge by authority and reference, so a second run
adds nothing. `seed_demo` then runs each package's own demo (`contracts/<package>/demo.py`), which builds on
these contracts.
"""

import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from contracts.comparisons import demo as comparisons_demo
from contracts.foi import demo as foi_demo
from contracts.imports import run_import
from contracts.register import demo as register_demo
from contracts.register.models import Contract, ContractExtension, FigureSource, Provider, PublicAuthority, Workplace

DATA = Path(settings.BASE_DIR) / "data"
NORFOLK = DATA / "contract-registers" / "norfolk-county-council_contracts-register_2015-03_every12th.csv"
AWARDS = DATA / "ocds" / "contracts-finder-2020_award-release-packages"
# Contracts Finder awards for a few buyers whose services UNISON members deliver.
CITY_AWARDS = [
    "ocds-b5fd17raw-65836f54-c8cd-4568-8d8b-656f49adce7f",  # Lancashire CC grounds maintenance (Sodexo)
    "ocds-b5fd17raw-d02d57f2-956c-4c64-bf1a-7b56296d89f0",  # UEA waste (Biffa)
    "ocds-b5fd17raw-02d2b5b1-e148-4965-92bc-d72dd5f3f6f2",  # Peterborough all-age carers service
    "ocds-b5fd17raw-8a79c599-d165-4d72-a3d1-1dcb222a184f",  # Sunderland welfare rights advice
    "ocds-b5fd17raw-de149438-be34-427c-b23c-f0ff1e0ac781",  # Lancashire minor aids and adaptations
]
HEALTH_AWARDS = [
    "ocds-b5fd17raw-88b8ba25-1773-46b0-b5a5-37a8e3c1097a",  # Countess of Chester occupational health
    "ocds-b5fd17raw-e206a7d3-1cf8-4d5a-b2e1-286b0a078507",  # North West Ambulance sewage works
]


def _months_from(today: datetime.date, months: int) -> datetime.date:
    # The last day of the month, as contracts usually end.
    return today + relativedelta(months=months, day=31)


def _demo_authority(branch) -> PublicAuthority:
    authority, _ = PublicAuthority.objects.get_or_create(
        branch=branch,
        name="Demo City Council",
        defaults={
            "kind": PublicAuthority.Kind.COUNCIL,
            "nation": "england",
            "foi_email": "foi@democity.example.gov.uk",
            "postal_address": "Information Governance Team\nCity Hall\nSt Peter's Street\nDemo City\nDC1 1AA",
            "website": "https://www.democity.example.gov.uk/",
        },
    )
    return authority


def _provider(name: str, **fields) -> Provider:
    provider = Provider.objects.filter(name=name).first()
    return provider or Provider.objects.create(name=name, **fields)


def _contract(branch, authority, reference: str, **fields) -> tuple[Contract, bool]:
    return Contract.objects.get_or_create(branch=branch, authority=authority, reference=reference, defaults=fields)


def _demo_contracts(branch, user) -> int:
    today = timezone.localdate()
    authority = _demo_authority(branch)
    created = 0

    cleaning_end = _months_from(today, 10)
    cleaning, new = _contract(
        branch,
        authority,
        "DEMO-CLEAN-01",
        service="Office and school cleaning",
        description="Daily cleaning of the council's offices, libraries and 34 schools.",
        provider=_provider("Brightwork Facilities Ltd"),
        value=2_400_000,
        value_basis=Contract.ValueBasis.ANNUAL,
        original_tender_date=cleaning_end - relativedelta(years=3, months=8),
        start_date=cleaning_end - relativedelta(years=3) + datetime.timedelta(days=1),
        end_date=cleaning_end,
        latest_end_date=cleaning_end + relativedelta(months=24, day=31),
        extension_terms="3+2",
        termination_notice_months=6,
        termination_terms="Six months' notice by either side; the council pays the contractor's demobilisation costs.",
        national_bargaining=Contract.NationalBargaining.NONE,
        two_tier="yes",
        two_tier_notes="Transferred staff kept NJC terms; new starters are on the National Living Wage and "
        "no sick pay beyond statutory.",
        pension_scheme="LGPS for transferred staff (admitted body); a stakeholder scheme for new starters",
        staff_count=240,
        union_members=60,
        other_union_members=12,
        activists=3,
        union_recognised="yes",
        docas="no",
    )
    if new:
        created += 1
        ContractExtension.objects.create(
            contract=cleaning, order=1, months=24, decision_date=cleaning_end - relativedelta(months=6)
        )
        Workplace.objects.create(
            contract=cleaning,
            name="City Hall and civic offices",
            address="St Peter's Street, Demo City DC1 1AA",
            staff_count=70,
            shift_patterns="early / evening",
            shift_times="06:00-09:00, 17:00-20:00",
        )
        Workplace.objects.create(
            contract=cleaning,
            name="Schools (34 sites)",
            address="Across the city",
            staff_count=170,
            shift_patterns="after school",
            shift_times="15:30-18:30",
        )
        for field, kind, detail in [
            ("value", FigureSource.Kind.FOI, "FoI reply DCC-FOI-2024-0413"),
            ("end_date", FigureSource.Kind.REGISTER, "Demo City Council contracts register"),
            ("staff_count", FigureSource.Kind.EMPLOYER, "Contract manager at the JCC"),
            ("union_members", FigureSource.Kind.BRANCH_RECORDS, "Branch membership records"),
        ]:
            FigureSource.objects.create(
                contract=cleaning, field=field, kind=kind, detail=detail, as_of=today, recorded_by=user
            )

    catering_end = _months_from(today, 20)
    _, new = _contract(
        branch,
        authority,
        "DEMO-CATER-01",
        service="School catering",
        description="Hot school meals in 41 primary schools, including free school meals.",
        provider=_provider("Crumbs Catering Ltd"),
        value=5_100_000,
        value_basis=Contract.ValueBasis.ANNUAL,
        start_date=catering_end - relativedelta(years=5) + datetime.timedelta(days=1),
        end_date=catering_end,
        national_bargaining=Contract.NationalBargaining.NJC,
        pension_scheme="LGPS (admitted body)",
        staff_count=310,
        union_members=95,
        other_union_members=20,
        activists=5,
        union_recognised="yes",
        docas="yes",
    )
    created += new

    leisure_end = _months_from(today, 30)
    _, new = _contract(
        branch,
        authority,
        "DEMO-LEISURE-01",
        service="Leisure centres",
        description="Management of four leisure centres and two swimming pools.",
        provider=_provider("Active Leisure Trust", kind=Provider.Kind.CHARITY, charity_number="1099999"),
        value=1_200_000,
        value_basis=Contract.ValueBasis.ANNUAL,
        start_date=leisure_end - relativedelta(years=10) + datetime.timedelta(days=1),
        end_date=leisure_end,
        two_tier="unknown",
        staff_count=180,
        union_members=25,
        other_union_members=4,
        activists=1,
    )
    return created + new


def _import(path: Path, branch, user, authority_name: str = "") -> tuple[int, int]:
    # The files are committed in data/: a missing or unreadable one is a broken checkout and must stop the seed,
    # not leave a demo with three contracts instead of the real register.
    result = run_import(
        data=path.read_bytes(),
        source_name=path.name,
        branch=branch,
        authority_name=authority_name,
        user=user,
        all_or_nothing=False,
    )
    return result.count("new"), result.count("update")


def seed_demo(tenancy, stdout) -> None:
    city, health = tenancy.branches["demo-city"], tenancy.branches["demo-health"]
    created = _demo_contracts(city, tenancy.officer)
    imported = 0
    imported += _import(NORFOLK, city, tenancy.officer, "Norfolk County Council")[0]
    for name in CITY_AWARDS:
        imported += _import(AWARDS / f"{name}.json", city, tenancy.officer)[0]
    for name in HEALTH_AWARDS:
        imported += _import(AWARDS / f"{name}.json", health, tenancy.officer)[0]
    total = Contract.objects.filter(branch__in=[city, health]).count()
    stdout.write(
        f"Contracts: {created} demo contracts and {imported} imported contracts added "
        f"({total} in demo-city and demo-health)."
    )
    # In the order `seed_demo` ran them when they were `contracts/demo_*.py`: the register's extras come last.
    for package_demo in (comparisons_demo, foi_demo, register_demo):
        package_demo.seed_demo(tenancy, stdout)

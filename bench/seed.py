"""Benchmark data on top of seed_demo: the Eastern region at a real region's size, and full lists at region scale.

seed_demo gives the organiser two branches; a UNISON region has dozens, and the dashboard lists every one
while the branch list shows a full page of 50. Idempotent. Run with `python -m bench.seed` after seed_demo.

`python -m bench.seed --scale`, after `generate_scale_data`, tops the "Scale" region up so each list page the
bench compares with Django admin (bench/lists.py) has a full first page of 50 rows: a second authority per
branch, providers for the contracts, comparisons and a second survey per branch. It marks the branches changed,
as code writing with bulk_create must (insourcing.freshness).
"""

import os
import sys

import django

EXTRA_BRANCHES = 60
SCALE_PROVIDERS = 60
SCALE_COMPARISONS = 60
PLAN_OFFICER = "bench-plan-officer@example.org"  # demo password; officer of the "Bench plan" branch
PLAN_ROWS = 500


def seed(extra_branches: int = EXTRA_BRANCHES) -> int:
    from django.db import transaction

    from insourcing.models import Branch, Region

    region = Region.objects.get(slug="eastern")
    existing = set(Branch.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    branches = [
        Branch(
            region=region,
            slug=f"bench-{n:03d}",
            name=f"Bench Branch {n:03d}",
            address=f"{n} Union Street\nNorwich\nNR{n % 30 + 1} 1AA",
            email=f"bench-{n:03d}@branch.example.org",
            phone="01632 960000",
            signatory_name="Sam Secretary",
            signatory_position="Branch Secretary",
        )
        for n in range(1, extra_branches + 1)
        if f"bench-{n:03d}" not in existing
    ]
    with transaction.atomic():
        Branch.objects.bulk_create(branches)
    return Branch.objects.filter(region=region).count()


def seed_scale() -> dict[str, int]:
    from django.db import transaction

    from contracts.models import Comparison, Contract, Provider, PublicAuthority
    from insourcing import freshness
    from insourcing.models import Branch
    from surveys.models import Survey
    from surveys.services import survey_create

    branches = list(Branch.objects.filter(region__slug="scale").order_by("slug"))
    if not branches:
        raise SystemExit("No Scale region: run `manage.py generate_scale_data` first")
    with transaction.atomic():
        if not Provider.objects.filter(name__startswith="Bench Provider").exists():
            # Named to sort first, so the provider list's first page is these and not the demo's real registers'.
            providers = Provider.objects.bulk_create(
                Provider(name=f"Bench Provider {n:03d}", company_number=f"BP{n:06d}") for n in range(SCALE_PROVIDERS)
            )
            contracts = list(Contract.objects.filter(branch__in=branches).order_by("pk"))
            for n, contract in enumerate(contracts):
                contract.provider = providers[n % len(providers)]
            Contract.objects.bulk_update(contracts, ["provider"], batch_size=1000)
            PublicAuthority.objects.bulk_create(
                PublicAuthority(branch=b, name=f"{b.name} Schools Trust", kind="school") for b in branches
            )
            firsts = Contract.objects.filter(branch__in=branches).order_by("branch", "pk")
            Comparison.objects.bulk_create(
                Comparison(contract=c, title=f"Bench comparison {n:02d}")
                for n, c in enumerate(firsts[:SCALE_COMPARISONS])
            )
            for branch in branches:
                contract = Contract.objects.filter(branch=branch).order_by("-pk").first()
                survey_create(contract=contract, user=None)
            freshness.mark_changed([b.pk for b in branches])
    seed_plan()
    return {
        "authorities": PublicAuthority.objects.filter(branch__in=branches).count(),
        "providers": Provider.objects.count(),
        "comparisons": Comparison.objects.filter(contract__branch__in=branches).count(),
        "surveys": Survey.objects.filter(contract__branch__in=branches).count(),
    }


def seed_plan(rows: int = PLAN_ROWS):
    """A campaign with `rows` plan rows in a branch of its own (so no other page's figures change), and its officer.

    The page is measured as that officer, who may edit: the heaviest version (forms and buttons on every row).
    """
    from campaigns.models import Campaign
    from insourcing.demo import DEMO_PASSWORD
    from insourcing.models import Branch, BranchOfficer, Region, User

    from .campaign_plan import campaign_with_rows

    campaign = Campaign.objects.filter(branch__slug="bench-plan", name="Bench campaign").first()
    if campaign is not None:
        return campaign
    region = Region.objects.create(name="Bench plan", slug="bench-plan")
    branch = Branch.objects.create(region=region, name="Bench plan branch", slug="bench-plan")
    officer = User.objects.create_user(email=PLAN_OFFICER, password=DEMO_PASSWORD)
    BranchOfficer.objects.create(user=officer, branch=branch)
    return campaign_with_rows(branch, rows)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    if "--scale" in sys.argv[1:]:
        figures = ", ".join(f"{n:,} {name}" for name, n in seed_scale().items())
        print(f"Scale region topped up for the list pages: {figures}")
    else:
        print(f"Benchmark data ready: {seed()} branches in the Eastern region")

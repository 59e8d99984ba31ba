"""Benchmark data on top of seed_demo: the Eastern region at a real region's size.

seed_demo gives the organiser two branches; a UNISON region has dozens, and the dashboard lists every one
while the branch list shows a full page of 50. Idempotent. Run with `python -m bench.seed` after seed_demo.
"""

import os

import django

EXTRA_BRANCHES = 60


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


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    print(f"Benchmark data ready: {seed()} branches in the Eastern region")

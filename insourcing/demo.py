"""Demo tenancy shared by seed_demo and later apps' demo loaders."""

from dataclasses import dataclass

from .models import Branch, BranchOfficer, Region, RegionalOrganiser, User

DEMO_PASSWORD = "insourcing-demo"  # noqa: S105  (published in the README; seed_demo refuses to run without DEBUG)

REGIONS = [("Eastern", "eastern"), ("Cymru Wales", "cymru-wales")]
BRANCHES = [
    {
        "slug": "demo-city",
        "region": "eastern",
        "name": "Demo City Local Government",
        "address": "Unity House\n12 Market Street\nNorwich\nNR1 1AA",
        "email": "demo-city@branch.example.org",
        "phone": "01632 960123",
        "signatory_name": "Pat Officer",
        "signatory_position": "Branch Secretary",
    },
    {
        "slug": "demo-health",
        "region": "eastern",
        "name": "Demo Health",
        "address": "Hospital Road\nIpswich\nIP1 1AA",
        "email": "demo-health@branch.example.org",
        "phone": "01632 960456",
        "signatory_name": "Jo Steward",
        "signatory_position": "Branch Chair",
    },
    {
        "slug": "demo-valleys",
        "region": "cymru-wales",
        "name": "Demo Valleys County",
        "address": "Heol y Frenhines\nNeath\nSA11 1AA",
        "email": "demo-valleys@branch.example.org",
        "phone": "01632 960789",
        "signatory_name": "Rhys Cadeirydd",
        "signatory_position": "Branch Secretary",
    },
]


@dataclass
class DemoTenancy:
    branches: dict[str, Branch]
    officer: User
    organiser: User
    admin: User


def _user(email: str, full_name: str, position: str = "", **flags) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "position": position, **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed_tenancy() -> DemoTenancy:
    regions = {slug: Region.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in REGIONS}
    branches = {}
    for spec in BRANCHES:
        fields = {k: v for k, v in spec.items() if k not in ("slug", "region")}
        branches[spec["slug"]], _ = Branch.objects.get_or_create(
            slug=spec["slug"], defaults={"region": regions[spec["region"]], **fields}
        )
    officer = _user("officer@example.org", "Pat Officer", "Branch Secretary")
    BranchOfficer.objects.get_or_create(user=officer, branch=branches["demo-city"])
    organiser = _user("organiser@example.org", "Olu Organiser", "Regional Organiser")
    RegionalOrganiser.objects.get_or_create(user=organiser, region=regions["eastern"])
    admin = _user("admin@example.org", "Ada Admin", is_staff=True, is_superuser=True)
    return DemoTenancy(branches=branches, officer=officer, organiser=organiser, admin=admin)

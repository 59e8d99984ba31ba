"""Demo campaign: "Bring cleaning back in-house" in demo-city, targeting DEMO-CLEAN-01 (skipped if absent)."""

import datetime

from django.utils import timezone

from contracts.models import Contract

from . import services
from .models import Campaign, MembershipSnapshot, PlanRow, TeamMember

NAME = "Bring cleaning back in-house"
TEAM = [
    ("Dee Cleaner", TeamMember.Role.WORKFORCE_LEADER, "dee.cleaner@example.org"),
    ("Sam Supervisor", TeamMember.Role.WORKFORCE_LEADER, "sam.supervisor@example.org"),
    ("Rita Regional", TeamMember.Role.REGIONAL_STAFF, "rita.regional@example.org"),
]


def seed_demo(tenancy, stdout):
    branch = tenancy.branches["demo-city"]
    contract = Contract.objects.filter(branch=branch, reference="DEMO-CLEAN-01").first()
    if contract is None:
        return
    if Campaign.objects.filter(branch=branch, name=NAME).exists():
        return
    today = timezone.localdate()
    campaign = services.campaign_start(
        branch=branch,
        user=tenancy.officer,
        name=NAME,
        goal="Cleaners in council offices and schools directly employed by the council on NJC terms, "
        "with a recognised branch and majority membership.",
        contracts=[contract],
        started_on=today - datetime.timedelta(days=120),
    )
    campaign.status = Campaign.Status.ACTIVE
    campaign.target_density = 60
    campaign.target_activists = 12
    campaign.target_date = today + datetime.timedelta(days=365)
    campaign.save()
    team = [TeamMember.objects.create(campaign=campaign, name=n, role=r, email=e) for n, r, e in TEAM]
    people = [campaign.lead, *team]

    rows = list(PlanRow.objects.filter(campaign=campaign).order_by("phase", "position"))
    for index, row in enumerate(rows):
        row.responsible = people[index % len(people)]
        if row.phase == 1 and index < 5:
            row.is_draft, row.status, row.done_on = False, PlanRow.Status.DONE, row.deadline or today
        elif row.phase <= 2:
            row.is_draft, row.status = False, PlanRow.Status.DOING if index % 2 else PlanRow.Status.TODO
    PlanRow.objects.bulk_update(rows, ["responsible", "is_draft", "status", "done_on"])

    staff = campaign.baseline_staff or 140
    members = campaign.baseline_members or 35
    for days_ago, extra_members, activists in [(90, 6, 3), (45, 14, 5), (7, 25, 8)]:
        MembershipSnapshot.objects.create(
            campaign=campaign,
            taken_on=today - datetime.timedelta(days=days_ago),
            staff=staff,
            members=min(staff, members + extra_members),
            other_union_members=4,
            activists=activists,
        )
    stdout.write(f"Campaign “{NAME}” with {len(rows)} plan rows")

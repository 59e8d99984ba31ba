"""Demo organising tools for the Demo City cleaning campaign (idempotent; skipped if the contract is absent)."""

import datetime

from contracts.models import Contract

from ..plans.models import Campaign
from .guide import ACTIVITY_SUGGESTIONS, KEY_ARGUMENTS, Category
from .models import (
    Activity,
    Ally,
    AllyAction,
    BusinessCase,
    DecisionMeeting,
    KeyArgument,
    PowerMapContact,
    PowerMapPerson,
    WorkforceAction,
)


def _campaign(branch, contract) -> Campaign:
    campaign = contract.campaigns.filter(branch=branch).first()
    if campaign:
        return campaign
    campaign, _ = Campaign.objects.get_or_create(
        branch=branch,
        name="Bring office and school cleaning back in-house",
        defaults={"goal": "Cleaners directly employed by Demo City Council on NJC terms", "status": "active"},
    )
    campaign.target_contracts.add(contract)
    return campaign


def seed_demo(tenancy, stdout):
    branch = tenancy.branches["demo-city"]
    contract = Contract.objects.filter(branch=branch, reference="DEMO-CLEAN-01").first()
    if contract is None:
        return
    campaign = _campaign(branch, contract)
    today = datetime.date.today()

    def days(n):
        return today + datetime.timedelta(days=n)

    for category, audience, description, due, progress in [
        ("recruitment", "non-members", "Recruitment stall at the depot on each early shift", days(14), "in-progress"),
        ("activists", "members", "Find a workplace contact for each school cluster", days(45), "planned"),
        ("views", "workforce", "Staff survey on pay, hours and workload", days(-3), "planned"),
        ("information", "workforce", "Leaflet comparing pay with council cleaners on NJC rates", days(30), "done"),
        ("activities", "activists", "Lobby of the scrutiny committee", days(90), "planned"),
    ]:
        WorkforceAction.objects.get_or_create(
            campaign=campaign,
            description=description,
            defaults={"category": category, "audience": audience, "due_on": due, "progress": progress},
        )

    suggestions = {entry.key: entry.text for entries in ACTIVITY_SUGGESTIONS.values() for entry in entries}
    for key, category, actions in [
        ("recruitment.events", Category.RECRUITMENT, ["Book the depot canteen", "Breakfast recruitment event"]),
        ("activities.petition", Category.CAMPAIGN_ACTIVITIES, ["Print petition forms", "Hand petition to cabinet"]),
    ]:
        activity, _ = Activity.objects.get_or_create(
            campaign=campaign, guide_key=key, defaults={"category": category, "title": suggestions[key]}
        )
        for offset, description in enumerate(actions):
            WorkforceAction.objects.get_or_create(
                campaign=campaign,
                activity=activity,
                description=description,
                defaults={"category": category, "due_on": days(20 + 30 * offset)},
            )

    evidence = {
        "private-profits": ("Operating profit of £3.1m on UK cleaning contracts last year", "Company accounts"),
        "declining-service": ("Cleaning hours in schools cut by a fifth since 2023", "Staff survey and rotas"),
    }
    for index, argument in enumerate(KEY_ARGUMENTS):
        if argument.key in evidence:
            KeyArgument.objects.get_or_create(
                campaign=campaign,
                guide_key=argument.key,
                defaults={
                    "argument": argument.argument,
                    "evidence": evidence[argument.key][0],
                    "source": evidence[argument.key][1],
                    "order": index,
                },
            )

    for group, name, target, action in [
        ("service-users", "Parent teacher associations", "Back the petition", "Letter to every PTA chair"),
        ("community", "Norwich Trades Union Council", "Speak at the rally", "Motion at the monthly meeting"),
        ("media", "Local newspaper", "Run the cleaners' story", "Press release at the report launch"),
    ]:
        ally, _ = Ally.objects.get_or_create(
            campaign=campaign, specific_group=name, defaults={"broad_group": group, "target": target}
        )
        AllyAction.objects.get_or_create(ally=ally, description=action, defaults={"due_on": days(60)})

    people = {}
    for name, role, party, influence, stance, election in [
        ("Cllr Alex Morgan", "Leader of the council", "Labour", 5, 1, datetime.date(2027, 5, 6)),
        ("Cllr Sam Patel", "Cabinet member for finance", "Labour", 4, -1, datetime.date(2027, 5, 6)),
        ("Cllr Jo Reed", "Chair of scrutiny", "Liberal Democrat", 3, 0, datetime.date(2028, 5, 4)),
        ("Director of Resources", "Chief officer advising cabinet", "Council officers", 4, -2, None),
    ]:
        people[name], _ = PowerMapPerson.objects.get_or_create(
            campaign=campaign,
            name=name,
            defaults={
                "role": role,
                "organisation": "Demo City Council",
                "party_or_body": party,
                "influence": influence,
                "stance": stance,
                "next_election_on": election,
            },
        )
    people["Cllr Sam Patel"].influenced_by.add(people["Director of Resources"], people["Cllr Alex Morgan"])
    PowerMapContact.objects.get_or_create(
        person=people["Cllr Alex Morgan"],
        summary="Met at the Labour Link meeting; asked for the costed in-house option",
        defaults={"date": days(-20), "kind": "meeting"},
    )
    for kind, title, offset, decides in [
        ("scrutiny", "Scrutiny committee: cleaning contract performance", 40, False),
        ("cabinet", "Cabinet: future delivery of cleaning services", 120, True),
        ("council", "Full council budget meeting", 150, False),
    ]:
        DecisionMeeting.objects.get_or_create(
            campaign=campaign, title=title, defaults={"kind": kind, "date": days(offset), "decides_contract": decides}
        )
    BusinessCase.objects.get_or_create(
        campaign=campaign,
        defaults={
            "benefits": "Cleaners on NJC terms and the LGPS; lower turnover; the council can redeploy cleaning hours.",
            "costs": "Pay and pension costs rise; VAT and the contractor's profit margin are saved.",
            "timescale": "Eighteen months: TUPE consultation, equipment and a supervisory team.",
            "risks": "No contractor failure or variation charges; the council carries the staffing risk.",
        },
    )
    stdout.write(f"Organising tools: demo grid, plans, allies and power map for {campaign.name}")

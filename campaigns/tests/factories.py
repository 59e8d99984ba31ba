import datetime

import factory

from campaigns.models import (
    Activity,
    Ally,
    AllyAction,
    Campaign,
    DecisionMeeting,
    PlanRow,
    PowerMapContact,
    PowerMapPerson,
    TeamMember,
    WorkforceAction,
)
from insourcing.tests.factories import BranchFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Bring catering back in-house {n}")
    goal = "Catering staff directly employed on NJC terms"

    @factory.post_generation
    def target_contracts(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_contracts.set(extracted)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Team member {n}")
    role = TeamMember.Role.WORKFORCE_LEADER
    email = factory.Sequence(lambda n: f"member{n}@example.org")


class PlanRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRow

    campaign = factory.SubFactory(CampaignFactory)
    phase = 1
    objective = factory.Sequence(lambda n: f"Objective {n}")
    task = "Map the workforce by site and shift"
    position = factory.Sequence(lambda n: n)


# Organising tools: `make_X(branch, officer=None, **fields)` builders, in the shape the access matrix's
# `AccessCase.make` calls; fields override the defaults, and `campaign=` reuses an existing campaign.


def make_campaign(branch, officer=None):
    return CampaignFactory(branch=branch, name="Bring cleaning back in-house")


def make_action(branch, officer=None, **fields):
    campaign = fields.pop("campaign", None) or make_campaign(branch)
    defaults = {
        "category": "recruitment",
        "audience": "non-members",
        "description": "Recruitment stall in the staff canteen",
        "due_on": datetime.date(2027, 1, 31),
    }
    return WorkforceAction.objects.create(campaign=campaign, **{**defaults, **fields})


def make_activity(branch, officer=None, **fields):
    campaign = fields.pop("campaign", None) or make_campaign(branch)
    defaults = {"category": "activities", "title": "Petition to the council", "guide_key": "activities.petition"}
    return Activity.objects.create(campaign=campaign, **{**defaults, **fields})


def make_ally(branch, officer=None, **fields):
    campaign = fields.pop("campaign", None) or make_campaign(branch)
    defaults = {"broad_group": "community", "specific_group": "Trades union council", "target": "Speak at the rally"}
    return Ally.objects.create(campaign=campaign, **{**defaults, **fields})


def make_ally_action(branch, officer=None):
    return AllyAction.objects.create(ally=make_ally(branch), description="Meet the secretary")


def make_person(branch, officer=None, **fields):
    campaign = fields.pop("campaign", None) or make_campaign(branch)
    defaults = {"name": "Cllr Jane Doe", "role": "Cabinet member for resources", "influence": 5, "stance": -1}
    return PowerMapPerson.objects.create(campaign=campaign, **{**defaults, **fields})


def make_contact(branch, officer=None):
    return PowerMapContact.objects.create(person=make_person(branch), summary="Met at her surgery")


def make_meeting(branch, officer=None, **fields):
    campaign = fields.pop("campaign", None) or make_campaign(branch)
    defaults = {"kind": "cabinet", "title": "Cabinet: cleaning options", "date": datetime.date(2026, 12, 9)}
    return DecisionMeeting.objects.create(campaign=campaign, **{**defaults, **fields})

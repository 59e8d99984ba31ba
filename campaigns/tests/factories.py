import factory

from campaigns.models import Campaign, PlanRow, TeamMember
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

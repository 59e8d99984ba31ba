import factory

from campaigns.models import Campaign
from insourcing.tests.factories import BranchFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Bring catering back in-house {n}")
    goal = "Catering staff directly employed on NJC terms"

    @factory.post_generation
    def target_contracts(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_contracts.set(extracted)

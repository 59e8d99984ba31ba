import factory
from django.utils.text import slugify

from insourcing.models import Branch, BranchOfficer, GeneratedDocument, Region, RegionalOrganiser, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch
        django_get_or_create = ["slug"]

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Branch {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    address = "1 Union Street\nAnytown\nAN1 1AA"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@branch.example.org")
    phone = "01632 960000"
    signatory_name = "Sam Secretary"
    signatory_position = "Branch Secretary"


def make_officer(branch: Branch, **kwargs) -> User:
    user = UserFactory(**kwargs)
    BranchOfficer.objects.create(user=user, branch=branch)
    return user


def make_organiser(region: Region, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RegionalOrganiser.objects.create(user=user, region=region)
    return user


class GeneratedDocumentFactory(factory.django.DjangoModelFactory):
    """A document row as `document_request` stores it (queued), without enqueueing the render."""

    class Meta:
        model = GeneratedDocument

    kind = "branch_sheet"
    title = "Branch sheet"
    branch = factory.SubFactory(BranchFactory)

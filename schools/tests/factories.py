import factory

from schools.models import Region, School, SchoolBoard, SchoolMembership, SchoolType


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    holiday_region = "midden"


class SchoolBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolBoard

    name = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")
    city = "Utrecht"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Basisschool De Regenboog {n}")
    school_type = SchoolType.PRIMARY
    board = factory.SubFactory(SchoolBoardFactory)
    region = factory.SubFactory(RegionFactory)
    postcode = "3511 AB"
    city = "Utrecht"


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory("accounts.tests.factories.UserFactory", role="school_leader")
    school = factory.SubFactory(SchoolFactory)
    position = "Schoolleider"

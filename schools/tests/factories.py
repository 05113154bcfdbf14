import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from schools import school_year
from schools.models import Intake, Region, School, SchoolBoard, SchoolMembership, SchoolType, TeacherNeed


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
    postcode = factory.Sequence(lambda n: f"{3500 + n % 80} AB")
    city = "Utrecht"
    allowed_tasks = factory.LazyFunction(lambda: ["classroom", "invigilation", "administrative"])
    contact_name = "Ilse Hoekstra"
    contact_role = "Intern begeleider"
    contact_email = "ilse@school.example"
    contact_phone = "030 123 4567"


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory("accounts.tests.factories.UserFactory", role="school_leader")
    school = factory.SubFactory(SchoolFactory)
    position = "Schoolleider"


class TeacherNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherNeed

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Surveilleren toetsweek {n}")
    task_types = factory.LazyFunction(lambda: ["classroom"])
    weekdays = factory.LazyFunction(lambda: [2])
    day_part = "morning"
    school_year = factory.LazyFunction(school_year.current_school_year)
    start_date = factory.LazyAttribute(lambda o: school_year.bounds(o.school_year)[0] + datetime.timedelta(days=40))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=120))
    hours_per_week = Decimal("4")
    ambassadors_needed = 1
    description = "Samen met de docent leerlingen begeleiden."
    relief = "De docent houdt twee uur per week over."


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    leader_name = "Jeroen Bakker"
    leader_phone = "06 12345678"
    leader_email = factory.Sequence(lambda n: f"leider{n}@school.example")
    school_name = factory.Sequence(lambda n: f"OBS De Klimop {n}")
    school_type = "po"
    board_name = "Stichting Openbaar Onderwijs Utrecht"
    postcode = "3511 AB"
    city = "Utrecht"
    region = factory.SubFactory(RegionFactory)
    school_profile = "Een wijkschool met 300 leerlingen."
    school_year = factory.LazyFunction(school_year.next_school_year)
    ambassadors_wanted = 2
    consent_at = factory.LazyFunction(timezone.now)

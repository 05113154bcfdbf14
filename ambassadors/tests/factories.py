import datetime

import factory

from ambassadors.models import AmbassadorProfile


class AmbassadorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorProfile

    user = factory.SubFactory("accounts.tests.factories.UserFactory", role="ambassador")
    phone = "0612345678"
    city = "Utrecht"
    sector = "finance"
    employer = "Rabobank"


class ActiveAmbassadorFactory(AmbassadorProfileFactory):
    status = "active"
    vog_status = "received"
    vog_issued_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    postcode = "3511 AB"
    latitude = 52.09
    longitude = 5.12

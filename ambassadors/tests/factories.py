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

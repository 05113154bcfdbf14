import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from accounts.models import Role, User

PASSWORD = "een-goed-wachtwoord-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the authenticator app of every test person who has one


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified address; staff and researchers (who must) also have an authenticator app with
    TOTP_SECRET, unless made with mfa=False."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.STAFF
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        wanted = extracted if extracted is not None else obj.role in settings.MFA_REQUIRED_ROLES
        if create and wanted:
            TOTP.activate(obj, TOTP_SECRET)

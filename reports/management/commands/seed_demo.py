import random

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from ambassadors.models import Status
from ambassadors.seed import seed_profile
from matching.models import MatchingRun, MatchingSettings
from matching.seed import seed_placements
from matching.services import run_execute
from reports.reminders import send_reminders
from reports.seed import seed_figures
from research.seed import seed_research
from schools.demo_data import FIRST_NAMES, LAST_NAMES
from schools.models import SchoolMembership
from schools.seed import seed_intakes, seed_participation_and_needs, seed_schools

DEMO_LOGINS = {
    Role.STAFF: "staff@demo.example",
    Role.SCHOOL_LEADER: "leader@demo.example",
    Role.AMBASSADOR: "ambassador@demo.example",
    Role.RESEARCHER: "researcher@demo.example",
}
# A second researcher codes the demo study's reliability round beside researcher@demo.example.
SECOND_RESEARCHER = "researcher2@demo.example"
DEFAULT_PASSWORD = "onderwijs-demo"  # noqa: S105 - demo data only, printed for the person running it
# The demo logins' authenticator app (RFC 6238 TOTP, SHA-1, 30 s, 6 digits): add this secret to an app, or compute the
# code (accounts.totp), to log in. Documented in the README; demo data only.
DEMO_TOTP_SECRET = "ONDERWIJSAMBASSADEURSDEMOTOTPKEY"  # noqa: S105


class Command(BaseCommand):
    help = "Fill the database with deterministic, realistic Dutch demo data and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=40, help="number of schools (default 40)")
        parser.add_argument("--ambassadors", type=int, default=60, help="number of ambassadors (default 60)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every demo account")
        parser.add_argument("--force", action="store_true",
                            help="run even with DEBUG off (never on a server real people use)")

    def handle(self, *args, schools, ambassadors, seed, password, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates staff and other logins with a known password and authenticator "
                               "secret, so it runs only with DEBUG on. Add --force to run it anyway, never on a server "
                               "real people use.")
        if schools < 1 or ambassadors < 1:
            raise CommandError("--schools and --ambassadors must be at least 1.")
        rng = random.Random(seed)
        names = random.Random(seed + 1)
        hashed = make_password(password)
        with transaction.atomic():
            school_list = seed_schools(rng=rng, count=schools)

            staff = _user(DEMO_LOGINS[Role.STAFF], "Marieke", "Dekker", Role.STAFF, hashed)
            researcher = _user(DEMO_LOGINS[Role.RESEARCHER], "Lisette", "van Rossum", Role.RESEARCHER, hashed)
            leader = _user(DEMO_LOGINS[Role.SCHOOL_LEADER], "Jeroen", "Bakker", Role.SCHOOL_LEADER, hashed)
            # The demo leader leads two schools, to show switching between them.
            for school in school_list[:2]:
                SchoolMembership.objects.get_or_create(user=leader, school=school, defaults={"position": "Schoolleider"})
            for index, school in enumerate(school_list[2:], start=2):
                first, last = _name(names)
                person = _user(f"schoolleider{index}@demo.example", first, last, Role.SCHOOL_LEADER, hashed)
                position = "Conrector" if school.school_type == "vo" else "Schoolleider"
                SchoolMembership.objects.get_or_create(user=person, school=school, defaults={"position": position})

            leaders = dict(SchoolMembership.objects.filter(school__in=school_list).values_list("school_id", "user_id"))
            users = {u.pk: u for u in User.objects.filter(pk__in=leaders.values())}
            # Each part draws from its own stream, so a part that finds its data present changes no other part.
            seed_participation_and_needs(rng=random.Random(seed + 2), schools=school_list,
                                         actor_for=lambda s: users.get(leaders.get(s.pk)))
            seed_intakes(rng=random.Random(seed + 3), count=max(10, schools // 3), staff=staff, schools=school_list)
            rng = random.Random(seed + 4)

            ambassador = _user(DEMO_LOGINS[Role.AMBASSADOR], "Sanne", "de Vries", Role.AMBASSADOR, hashed)
            seed_profile(rng=rng, user=ambassador, status=Status.ACTIVE, staff=staff)
            for index in range(1, ambassadors):
                first, last = _name(names)
                person = _user(f"ambassadeur{index}@demo.example", first, last, Role.AMBASSADOR, hashed)
                # The first few go through every state once; the rest are a realistic mix.
                seed_profile(rng=rng, user=person, staff=staff,
                             status=list(Status)[index - 1] if index <= len(Status) else None)

            # A first matching run, so the board has proposals to look at.
            if not MatchingRun.objects.exists():
                run = MatchingRun.objects.create(started_by=staff, weights=MatchingSettings.current().weights())
                run_execute(run_id=run.pk)
                seed_placements(run=run, staff=staff)

            for email in DEMO_LOGINS.values():
                _authenticator_app(User.objects.get(email=email))

            # The published figures of earlier years, the regional subsidy, and last school year on the platform.
            seed_figures(rng=random.Random(seed + 5), staff=staff, schools=school_list)

            # Research: the pilot study with interviews, codebook, a reliability round and final coding.
            second_researcher = _user(SECOND_RESEARCHER, "Noor", "de Wit", Role.RESEARCHER, hashed)
            _authenticator_app(second_researcher)
            seed_research(rng=random.Random(seed + 6), researchers=[researcher, second_researcher])

            # What beat sends this morning, so the demo's notifications and var/outbox show the reminders too.
            send_reminders(today=timezone.localdate())

        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {schools} schools, {ambassadors} ambassadors (seed {seed})."))
        self.stdout.write(f"Demo logins (password: {password}; authenticator app secret: {DEMO_TOTP_SECRET}):")
        for role, email in DEMO_LOGINS.items():
            self.stdout.write(f"  {Role(role).label:<20} {email}")
        self.stdout.write(f"  {Role.RESEARCHER.label:<20} {SECOND_RESEARCHER} (second coder)")


def _name(rng):
    prefix, last = rng.choice(LAST_NAMES)
    return rng.choice(FIRST_NAMES), f"{prefix} {last}".strip()


def _user(email, first_name, last_name, role, hashed_password):
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "role": role,
                  "password": hashed_password, "is_active": True},
    )
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _authenticator_app(user):
    """The demo login's authenticator app, always with the documented secret."""
    Authenticator.objects.update_or_create(user=user, type=Authenticator.Type.TOTP,
                                           defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}})

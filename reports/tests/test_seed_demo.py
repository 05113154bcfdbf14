from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from accounts.tests.helpers import log_in
from ambassadors.models import AmbassadorProfile
from matching.models import Placement
from reports.management.commands.seed_demo import DEFAULT_PASSWORD, DEMO_LOGINS
from schools.models import Region, School, SchoolBoard, SchoolMembership

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def snapshot():
    return {
        "users": sorted(User.objects.values_list("email", "first_name", "last_name", "role")),
        "schools": sorted(School.objects.values_list("brin", "name", "city", "postcode", "region__name", "board__name")),
        "profiles": sorted(AmbassadorProfile.objects.values_list("user__email", "employer", "city")),
        "memberships": SchoolMembership.objects.count(),
        "boards": SchoolBoard.objects.count(),
    }


def test_seed_demo_creates_one_login_per_role_and_dutch_data(capsys):
    call_command("seed_demo", "--schools", "12", "--ambassadors", "9", "--password", "Demo-wachtwoord-1", "--force")
    out = capsys.readouterr().out
    for email, role in [("staff@demo.example", Role.STAFF), ("leader@demo.example", Role.SCHOOL_LEADER),
                        ("ambassador@demo.example", Role.AMBASSADOR), ("researcher@demo.example", Role.RESEARCHER)]:
        assert email in out
        user = authenticate(email=email, password="Demo-wachtwoord-1")
        assert user is not None and user.role == role
    assert School.objects.count() == 12
    assert AmbassadorProfile.objects.count() == 9
    assert Region.objects.filter(name__in=["Utrecht", "Den Haag", "Almere", "Rotterdam"]).count() == 4
    leader = User.objects.get(email="leader@demo.example")
    assert leader.schools.count() == 2
    assert all(school.memberships.exists() for school in School.objects.all())
    assert AmbassadorProfile.objects.get(user__email="ambassador@demo.example").employer


def test_seed_demo_is_idempotent_and_deterministic():
    call_command("seed_demo", "--schools", "10", "--ambassadors", "6", "--seed", "7", "--force")
    first = snapshot()
    call_command("seed_demo", "--schools", "10", "--ambassadors", "6", "--seed", "7", "--force")
    assert snapshot() == first


def test_seed_demo_differs_per_seed():
    call_command("seed_demo", "--schools", "10", "--ambassadors", "6", "--seed", "7", "--force")
    first = snapshot()["schools"]
    Placement.objects.all().delete()  # placements keep their need and school (protected)
    School.objects.all().delete()
    call_command("seed_demo", "--schools", "10", "--ambassadors", "6", "--seed", "8", "--force")
    assert snapshot()["schools"] != first


def test_seed_demo_loads_the_figures_once():
    from matching.models import CheckIn, FundingScheme
    from reports.models import HistoricalFigure

    def counts():
        return (HistoricalFigure.objects.count(), FundingScheme.objects.count(), Placement.objects.count(),
                CheckIn.objects.filter(answered_at__isnull=False).count(),
                Placement.objects.filter(funding_scheme__isnull=False).count())

    call_command("seed_demo", "--schools", "10", "--ambassadors", "12", "--seed", "7", "--force")
    first = counts()
    assert first[0] == 12 and first[1] == 1 and first[3] > 0  # five Utrecht years and seven more regions in 2024-25
    call_command("seed_demo", "--schools", "10", "--ambassadors", "12", "--seed", "7", "--force")
    assert counts() == first


def test_seed_demo_runs_only_with_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", "--schools", "2", "--ambassadors", "2")
    assert not User.objects.exists()


def test_the_demo_logins_have_the_documented_authenticator_secret(client):
    """The README documents the secret; each demo login completes its second step with the code it makes."""
    call_command("seed_demo", "--schools", "3", "--ambassadors", "3", "--force")
    for email in DEMO_LOGINS.values():
        user = User.objects.get(email=email)
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        client.logout()
        response = log_in(client, email, password=DEFAULT_PASSWORD, secret="ONDERWIJSAMBASSADEURSDEMOTOTPKEY")
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk), email
    assert "ONDERWIJSAMBASSADEURSDEMOTOTPKEY" in (ROOT / "README.md").read_text()

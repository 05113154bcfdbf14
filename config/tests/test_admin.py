"""The administration without hidden doors: staff keep it for what the staff pages do not cover, but history is
read-only, nothing with history is hard-deleted, accounts' passwords, superuser flags and addresses are out of reach,
and everything done there lands in the audit trail."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role, User
from accounts.tests.factories import UserFactory
from ambassadors.models import StatusChange
from ambassadors.tests.factories import AmbassadorProfileFactory
from schools.models import NeedEvent
from schools.tests.factories import TeacherNeedFactory

pytestmark = pytest.mark.django_db


def user_change(client, user, **extra):
    data = {"first_name": user.first_name, "last_name": user.last_name, "language": user.language, "role": user.role,
            "is_active": "on", **extra}
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_staff_cannot_make_anyone_a_superuser(client, staff_user, ambassador_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:accounts_user_change", args=[ambassador_user.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="email"' not in page and "/password/" not in page
    response = user_change(client, ambassador_user, is_superuser="on", email="aanvaller@example.nl", first_name="Piet")
    assert response.status_code == 302
    ambassador_user.refresh_from_db()
    assert ambassador_user.first_name == "Piet"  # what staff may change, they change
    assert not ambassador_user.is_superuser and ambassador_user.email != "aanvaller@example.nl"


def test_staff_cannot_set_anyones_password(client, staff_user, ambassador_user):
    client.force_login(staff_user)
    url = reverse("admin:auth_user_password_change", args=[ambassador_user.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}).status_code == 403
    ambassador_user.refresh_from_db()
    assert not ambassador_user.check_password("Overgenomen-2026!")


def test_staff_cannot_change_a_superuser_add_accounts_or_delete_them(client, staff_user, ambassador_user):
    root = UserFactory(role=Role.STAFF, is_superuser=True)
    client.force_login(staff_user)
    assert user_change(client, root, first_name="Gewijzigd").status_code == 403
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert client.post(reverse("admin:accounts_user_delete", args=[ambassador_user.pk]), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=ambassador_user.pk).exists()


def test_a_superuser_may_set_a_password(client, ambassador_user):
    root = UserFactory(role=Role.STAFF, is_superuser=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[ambassador_user.pk])
    response = client.post(url, {"password1": "Opnieuw-ingesteld-2026", "password2": "Opnieuw-ingesteld-2026",
                                 "usable_password": "true"})
    assert response.status_code == 302


@pytest.mark.parametrize("model", ["ambassadors/statuschange", "schools/needevent", "accounts/auditevent",
                                   "matching/checkin", "matching/proposal", "accounts/invitation"])
def test_history_is_read_only_for_staff_and_superusers(client, staff_user, model):
    profile = AmbassadorProfileFactory()
    objects = {"ambassadors/statuschange": lambda: StatusChange.objects.create(profile=profile, to_status="applied"),
               "schools/needevent": lambda: NeedEvent.objects.create(need=TeacherNeedFactory(), action="created"),
               "accounts/auditevent": lambda: AuditEvent.objects.create(action="user.logged_in")}
    obj = objects.get(model, lambda: None)()
    for user in (staff_user, UserFactory(role=Role.STAFF, is_superuser=True)):
        client.force_login(user)
        assert client.get(f"/admin/{model}/add/").status_code == 403
        if obj is not None:
            assert client.post(f"/admin/{model}/{obj.pk}/change/", {}).status_code == 403
            assert client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
            assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_timeline_inside_a_profile_cannot_be_edited_or_deleted(client, staff_user):
    profile = AmbassadorProfileFactory()
    StatusChange.objects.create(profile=profile, to_status="applied", note="Eerste stap")
    client.force_login(staff_user)
    page = client.get(reverse("admin:ambassadors_ambassadorprofile_change", args=[profile.pk])).content.decode()
    assert "Eerste stap" in page
    assert 'name="status_changes-0-DELETE"' not in page and 'name="status_changes-0-note"' not in page
    assert 'name="status"' not in page  # the screening path is walked on the staff page, with its timeline


def test_every_change_in_the_administration_and_every_look_at_a_person_is_recorded(client, staff_user, ambassador_user):
    client.force_login(staff_user)
    client.get(reverse("admin:accounts_user_change", args=[ambassador_user.pk]))
    user_change(client, ambassador_user, first_name="Piet")
    viewed = AuditEvent.objects.get(action="admin.viewed")
    changed = AuditEvent.objects.get(action="admin.changed")
    assert viewed.actor == changed.actor == staff_user
    assert viewed.subject == changed.subject == ambassador_user
    assert changed.details["fields"] == ["First name"]  # the field, never its value


def test_every_admin_of_the_platform_records_to_the_audit_trail():
    from django.contrib import admin

    from accounts.admin import AuditedModelAdmin
    from config.tests.test_permission_matrix import OWN_APPS

    ours = {model: model_admin for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OWN_APPS}
    assert ours and all(isinstance(model_admin, AuditedModelAdmin) for model_admin in ours.values())


def test_second_factors_show_no_secrets_to_anyone(client, staff_user):
    client.force_login(UserFactory(role=Role.STAFF, is_superuser=True))
    authenticator = staff_user.authenticator_set.get()
    page = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk])).content.decode()
    assert authenticator.data["secret"] not in page and "secret" not in page.lower()


def test_staff_cannot_tie_someone_to_a_school_through_the_administration(client, staff_user, leader_user, school):
    """Access to a school needs the person's yes (an invitation they accept), in the administration too."""
    outsider = UserFactory(role=Role.TEACHER)
    membership = leader_user.school_memberships.get()
    client.force_login(staff_user)
    assert client.get(reverse("admin:schools_schoolmembership_add")).status_code == 403
    client.post(reverse("admin:schools_schoolmembership_change", args=[membership.pk]),
                {"user": outsider.pk, "school": school.pk, "position": "Conrector"})
    membership.refresh_from_db()
    assert membership.user == leader_user and membership.position == "Conrector"

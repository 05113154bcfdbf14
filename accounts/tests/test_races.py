"""Every lock and constraint of accounts, with the race it prevents made to happen (see accounts/tests/races.py)."""

import pytest
from django.core import mail

from accounts import privacy, services
from accounts.models import ErasureRequest, Invitation, Role
from accounts.tests.factories import UserFactory
from accounts.tests.races import failed, race, racing, refused  # noqa: F401 - racing is a fixture

pytestmark = [pytest.mark.race, pytest.mark.usefixtures("racing")]


def test_an_invitation_sent_again_while_it_is_accepted_sends_nothing():
    staff = UserFactory(role=Role.STAFF)
    invitation = services.user_invite(invited_by=staff, email="nieuw@example.nl", first_name="Noor",
                                      last_name="Visser", role=Role.RESEARCHER)
    mail.outbox.clear()
    first, second = race(lambda: services.invitation_accept(user=invitation.user, password="Zomer-in-Utrecht-2026"),
                         lambda: services.invitation_resend(invitation=invitation, actor=staff),
                         pause_after=(services, "audit_record"))
    assert not failed(first) and refused(second)
    assert mail.outbox == []
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None


def test_asking_for_erasure_twice_at_once_makes_one_request():
    """The database's constraint (one open request per person) decides."""
    person = UserFactory(role=Role.AMBASSADOR)
    ask = lambda: privacy.erasure_request(user=person)  # noqa: E731
    first, second = race(ask, ask, pause_after=(ErasureRequest, "save"))
    assert not failed(first) and not failed(second) and first.pk == second.pk
    assert ErasureRequest.objects.filter(user=person).count() == 1

"""The locks of erasure, with the race each prevents made to happen (see accounts/tests/races.py)."""

import pytest

from accounts import privacy as accounts_privacy
from accounts.models import AuditEvent, ErasureRequest, Role
from accounts.tests.factories import UserFactory
from accounts.tests.races import failed, race, racing, refused  # noqa: F401 - racing is a fixture
from ambassadors.models import Status, StatusChange
from ambassadors.tests.factories import ActiveAmbassadorFactory
from reports import privacy

pytestmark = [pytest.mark.race, pytest.mark.usefixtures("racing")]


def test_erasing_and_refusing_one_request_at_once_decides_once():
    person = ActiveAmbassadorFactory().user
    request = accounts_privacy.erasure_request(user=person)
    staff = [UserFactory(role=Role.STAFF), UserFactory(role=Role.STAFF)]
    first, second = race(
        lambda: accounts_privacy.erasure_refuse(request_id=request.pk, actor=staff[0], reason="Lopende plaatsing"),
        lambda: privacy.erasure_complete(request_id=request.pk, actor=staff[1]),
        pause_after=(ErasureRequest, "save"))
    assert not failed(first) and refused(second)
    request.refresh_from_db()
    person.refresh_from_db()
    assert request.status == ErasureRequest.Status.REFUSED and person.erased_at is None


def test_erasing_one_person_twice_at_once_erases_once():
    person = ActiveAmbassadorFactory().user
    erase = lambda: privacy.erase_person(user=person, actor=None, reason="test")  # noqa: E731
    first, second = race(erase, erase, pause_after=(privacy, "audit_record"))
    assert not failed(first) and not failed(second)
    assert AuditEvent.objects.filter(action="erasure.completed", target_id=str(person.pk)).count() == 1
    assert StatusChange.objects.filter(profile__user=person, to_status=Status.ENDED).count() == 1

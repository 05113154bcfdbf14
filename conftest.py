"""Shared fixtures: one persona per role, each tied to what it may see."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from ambassadors.tests.factories import AmbassadorProfileFactory
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, first_name="Marieke")


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def leader_user(db, school):
    return SchoolMembershipFactory(school=school).user


@pytest.fixture
def ambassador_user(db):
    return AmbassadorProfileFactory().user


@pytest.fixture
def researcher_user(db):
    return UserFactory(role=Role.RESEARCHER)


@pytest.fixture
def users_by_role(staff_user, leader_user, ambassador_user, researcher_user):
    return {
        Role.STAFF: staff_user,
        Role.SCHOOL_LEADER: leader_user,
        Role.AMBASSADOR: ambassador_user,
        Role.RESEARCHER: researcher_user,
    }

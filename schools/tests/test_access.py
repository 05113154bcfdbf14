import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UserFactory
from schools.tests.factories import SchoolMembershipFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db


def test_leader_of_two_schools_switches_between_them(client, leader_user, school):
    second = SchoolMembershipFactory(user=leader_user).school
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[second.pk])).content.decode()
    assert reverse("schools:school_detail", args=[school.pk]) in body
    assert second.name in body


def test_leader_never_sees_another_school(client, leader_user):
    other = SchoolMembershipFactory().school
    client.force_login(leader_user)
    assert client.get(reverse("schools:school_detail", args=[other.pk])).status_code == 404


def test_staff_see_every_school(client, staff_user, school):
    client.force_login(staff_user)
    assert client.get(reverse("schools:school_detail", args=[school.pk])).status_code == 200


def test_leader_without_school_gets_an_explanation(client):
    client.force_login(UserFactory(role=Role.SCHOOL_LEADER))
    response = client.get(reverse("schools:dashboard"))
    assert response.status_code == 200
    assert "Je account is nog niet aan een school gekoppeld." in response.content.decode()


def test_school_page_query_count_is_flat(client, leader_user, school, django_assert_max_num_queries):
    client.force_login(leader_user)
    url = reverse("schools:school_detail", args=[school.pk])
    with django_assert_max_num_queries(18) as small:  # 3 of them for the to-do list
        client.get(url)
    for _ in range(20):
        SchoolMembershipFactory(school=school)
        SchoolMembershipFactory(user=leader_user)
        TeacherNeedFactory(school=school)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.helpers import log_in
from schools.tests.factories import SchoolMembershipFactory

pytestmark = pytest.mark.django_db


LANDING = {
    Role.STAFF: "/staff/",
    Role.SCHOOL_LEADER: None,  # the leader's school page
    Role.AMBASSADOR: "/ambassadors/",
    Role.RESEARCHER: "/research/",
    Role.TEACHER: None,
}


@pytest.mark.parametrize("role", Role.values)
def test_login_lands_each_role_on_its_dashboard(client, users_by_role, role):
    user = users_by_role[role]
    first = log_in(client, user.email)
    response = client.get(first.url, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else first.url
    if role in (Role.SCHOOL_LEADER, Role.TEACHER):
        assert final == reverse("schools:school_detail", args=[user.schools.get().pk])
    else:
        assert final == LANDING[role]
    assert response.status_code == 200


@pytest.mark.parametrize("role", Role.values)
def test_navigation_shows_only_what_the_role_may_use(client, users_by_role, role):
    client.force_login(users_by_role[role])
    body = client.get(reverse("dashboard"), follow=True).content.decode()
    assert ('href="/staff/users/"' in body) == (role == Role.STAFF)
    assert ('href="/admin/"' in body) == (role == Role.STAFF)
    assert ('href="/research/"' in body) == (role == Role.RESEARCHER)
    assert ('href="/ambassadors/"' in body) == (role == Role.AMBASSADOR)
    assert ('href="/schools/"' in body) == (role in (Role.SCHOOL_LEADER, Role.TEACHER))
    assert ('href="/schools/intakes/"' in body) == (role == Role.STAFF)


def test_user_list_filters_by_role_and_search(client, staff_user, users_by_role):
    client.force_login(staff_user)
    body = client.get(reverse("reports:user_list"), {"role": Role.AMBASSADOR}).content.decode()
    assert users_by_role[Role.AMBASSADOR].email in body
    assert users_by_role[Role.RESEARCHER].email not in body
    body = client.get(reverse("reports:user_list"), {"q": users_by_role[Role.RESEARCHER].email}).content.decode()
    assert users_by_role[Role.RESEARCHER].email in body
    assert users_by_role[Role.AMBASSADOR].email not in body


def test_user_list_ignores_a_bad_page_and_bad_role(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("reports:user_list"), {"page": "abc"}).status_code == 200
    response = client.get(reverse("reports:user_list"), {"role": "koning"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


def _make_users(n):
    for _ in range(n):
        SchoolMembershipFactory()


@pytest.mark.parametrize("url_name", ["reports:user_list", "reports:staff_dashboard"])
def test_staff_pages_query_count_is_flat(client, staff_user, django_assert_max_num_queries, url_name):
    client.force_login(staff_user)
    _make_users(10)
    with django_assert_max_num_queries(32) as small:  # the figures are about 15 grouped queries, the to-do list 6
        assert client.get(reverse(url_name)).status_code == 200
    _make_users(190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200

"""Check-ins as insight: staff see every placement's answers over time, those at risk first; the school leader sees
their own school's answers, and nobody else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import CheckIn, Placement
from matching.tests.factories import answer, make_placement
from schools import school_year
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placements(school):
    """Four running placements and one ended: fine, flagged, a low last answer, two check-ins overdue."""
    today = timezone.localdate()
    fine = make_placement(school=school)
    for relief in (2, 4, 5):
        answer(fine, relief=relief, remarks="Loopt goed")
    flagged = make_placement(school=school)
    Placement.objects.filter(pk=flagged.pk).update(flagged=True)
    answer(flagged, relief=4)
    low = make_placement(school=school)
    answer(low, relief=4)
    answer(low, relief=2, remarks="De leraar moet steeds taken verzinnen.")
    late = make_placement(school=school)
    for days in (30, 10):
        CheckIn.objects.create(placement=late, side="school", due_on=today - datetime.timedelta(days=days))
    ended = make_placement(school=school, status=Placement.Status.ENDED_EARLY)
    answer(ended, relief=1)
    answer(ended, relief=5, side=CheckIn.Side.AMBASSADOR, remarks="Mijn eigen antwoord")
    return {"fine": fine, "flagged": flagged, "low": low, "late": late, "ended": ended}


def test_staff_see_placements_at_risk_first_with_the_answers_over_time(client, staff_user, placements):
    client.force_login(staff_user)
    response = client.get(reverse("matching:checkin_overview"))
    assert response.status_code == 200
    rows = list(response.context["page"])
    order = {p.pk: name for name, p in placements.items()}
    # At risk (running): the low last answer first (2), then flagged (4), then the one with nothing answered and two
    # overdue; then the running placement that goes well; the ended one last.
    assert [order[p.pk] for p in rows] == ["low", "flagged", "late", "fine", "ended"]
    assert [p.at_risk for p in rows] == [True, True, True, False, False]
    fine = rows[3]
    assert [c.relief for c in fine.school_answers] == [2, 4, 5]
    assert (round(fine.average_relief, 2), fine.answers, fine.overdue) == (3.67, 3, 0)
    body = response.content.decode()
    assert "De leraar moet steeds taken verzinnen." in body
    assert "Mijn eigen antwoord" not in body  # the list shows the school's answers


def test_staff_filter_on_at_risk_school_year_and_region(client, staff_user, placements):
    client.force_login(staff_user)
    response = client.get(reverse("matching:checkin_overview"), {"at_risk": "on",
                                                                 "year": school_year.current_school_year()})
    assert {p.pk for p in response.context["page"]} == {placements[n].pk for n in ("low", "flagged", "late")}
    response = client.get(reverse("matching:checkin_overview"), {"year": school_year.current_school_year() - 1})
    assert list(response.context["page"]) == []


def test_a_bad_filter_answers_400(client, staff_user, placements):
    client.force_login(staff_user)
    assert client.get(reverse("matching:checkin_overview"), {"year": "gisteren"}).status_code == 400


def test_staff_see_both_sides_of_one_placement(client, staff_user, placements):
    client.force_login(staff_user)
    body = client.get(reverse("matching:placement_detail", args=[placements["ended"].pk])).content.decode()
    assert "Mijn eigen antwoord" in body and "Ambassadeur" in body


def test_the_school_leader_sees_the_school_side_of_their_own_placements(client, leader_user, placements):
    client.force_login(leader_user)
    response = client.get(reverse("matching:placement_detail", args=[placements["low"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "De leraar moet steeds taken verzinnen." in body
    assert {c.side for c in response.context["checkins"]} == {"school"}
    body = client.get(reverse("matching:placement_detail", args=[placements["ended"].pk])).content.decode()
    assert "Mijn eigen antwoord" not in body  # never the ambassador's own answers


def test_another_schools_placement_is_not_found(client, placements):
    other_leader = SchoolMembershipFactory(school=SchoolFactory()).user
    client.force_login(other_leader)
    assert client.get(reverse("matching:placement_detail", args=[placements["low"].pk])).status_code == 404


def test_the_school_page_links_each_placement_to_its_check_ins(client, leader_user, placements, school):
    client.force_login(leader_user)
    body = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert reverse("matching:placement_detail", args=[placements["low"].pk]) in body


def test_check_in_overview_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)

    def grow(n):
        for _ in range(n):
            placement = make_placement()
            answer(placement, relief=3)
            answer(placement, relief=2)

    grow(5)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("matching:checkin_overview")).status_code == 200
    grow(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("matching:checkin_overview")).status_code == 200

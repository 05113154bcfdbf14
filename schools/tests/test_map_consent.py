"""A school is on the public map only when it agreed: in the intake, carried over on approval, and in its profile."""

import pytest
from django.urls import reverse

from schools.models import Intake, School
from schools.services import intake_approve
from schools.tests.test_intake import URL, valid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("ticked", "shown"), [({"show_on_map": "on"}, True), ({}, False)])
def test_the_intake_asks_and_approval_carries_the_answer_to_the_school(client, staff_user, ticked, shown,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid(**ticked))
        intake = Intake.objects.get()
        assert intake.show_on_map is shown
        intake_approve(intake_id=intake.pk, actor=staff_user)
    assert School.objects.get().show_on_map is shown


def test_the_leader_changes_it_in_the_profile(client, leader_user, school):
    assert school.show_on_map is False  # nobody is on the map without saying so
    client.force_login(leader_user)
    response = client.post(reverse("schools:school_edit", args=[school.pk]), {
        "name": school.name, "school_type": "po", "postcode": school.postcode, "city": school.city,
        "profile": "", "allowed_tasks": ["classroom"], "show_on_map": "on",
    })
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.show_on_map is True
    assert "Op de openbare kaart" in client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()

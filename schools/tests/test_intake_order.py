"""The intake list puts the work first: new intakes, the one waiting longest on top, then the waiting list, then the
decided ones (the latest decision first)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Intake
from schools.tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def intake(name, *, days_ago, status=Intake.Status.SUBMITTED, decided_days_ago=None):
    """An intake received `days_ago` (created_at is set on save, so it is moved back afterwards)."""
    item = IntakeFactory(school_name=name, status=status)
    now = timezone.now()
    decided = now - datetime.timedelta(days=decided_days_ago) if decided_days_ago is not None else None
    Intake.objects.filter(pk=item.pk).update(created_at=now - datetime.timedelta(days=days_ago), decided_at=decided)
    return item


def listed(client, **filters):
    body = client.get(reverse("schools:intake_list"), filters).content.decode()
    return re.findall(r'href="/schools/intakes/\d+/">([^<]+)</a>', body)


def test_new_intakes_come_first_oldest_first_then_the_waiting_list_then_decided_ones(client, staff_user):
    intake("Besloten vandaag", days_ago=90, status=Intake.Status.APPROVED, decided_days_ago=0)
    intake("Nieuw van gisteren", days_ago=1)
    intake("Afgewezen vorige maand", days_ago=60, status=Intake.Status.DECLINED, decided_days_ago=30)
    intake("Wachtlijst", days_ago=40, status=Intake.Status.WAITLISTED, decided_days_ago=20)
    intake("Nieuw van een maand terug", days_ago=30)
    intake("Nieuw van vandaag", days_ago=0)
    client.force_login(staff_user)
    assert listed(client) == ["Nieuw van een maand terug", "Nieuw van gisteren", "Nieuw van vandaag", "Wachtlijst",
                              "Besloten vandaag", "Afgewezen vorige maand"]


def test_an_intake_decided_today_sorts_after_an_old_new_one(client, staff_user):
    intake("Vandaag goedgekeurd", days_ago=0, status=Intake.Status.APPROVED, decided_days_ago=0)
    intake("Ligt er al een half jaar", days_ago=180)
    client.force_login(staff_user)
    assert listed(client) == ["Ligt er al een half jaar", "Vandaag goedgekeurd"]


def test_the_order_holds_within_a_filter_and_across_pages(client, staff_user):
    for n in range(30):
        intake(f"Besloten {n:02d}", days_ago=100, status=Intake.Status.DECLINED, decided_days_ago=n)
    intake("Nieuw", days_ago=3)
    client.force_login(staff_user)
    first = listed(client)
    assert first[0] == "Nieuw" and first[1:4] == ["Besloten 00", "Besloten 01", "Besloten 02"]
    second = listed(client, page=2)
    assert "Nieuw" not in second and second[-1] == "Besloten 29"
    assert listed(client, status="declined")[:2] == ["Besloten 00", "Besloten 01"]

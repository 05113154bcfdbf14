"""Why a match, or why not, in a real browser: the proposal page of both sides and the need page of a need without
a match, at a desktop and a phone width, read as each person reads them and checked with axe-core."""

import datetime

import pytest
from django.utils import timezone

from conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 800), (390, 844)]


def scene():
    from ambassadors.models import AmbassadorProfile
    from matching.models import MatchingRun, Proposal
    from schools.models import School
    from schools.tests.factories import TeacherNeedFactory

    school = School.objects.filter(memberships__user__email="leader@demo.example").order_by("name").first()
    sanne = AmbassadorProfile.objects.select_related("user").get(user__email="ambassador@demo.example")
    start = timezone.localdate() + datetime.timedelta(days=21)
    period = {"school": school, "start_date": start, "end_date": start + datetime.timedelta(days=120),
              "task_types": ["classroom"], "day_part": "morning"}
    proposal = Proposal.objects.create(
        run=MatchingRun.objects.create(), need=TeacherNeedFactory(**period, weekdays=[2], subject="Rekenen"),
        ambassador=sanne, score=74, distance_km=4.2, weekday=2, day_part="morning", status=Proposal.Status.APPROVED,
        respond_by=timezone.localdate() + datetime.timedelta(days=7),
        components={"task": 1.0, "expertise": 0.5, "motivation": 1.0, "distance": 0.7, "relief": 0.5})
    unmatched = TeacherNeedFactory(**period, weekdays=[5], title="Bibliotheek op vrijdag")
    return school, sanne, proposal, unmatched


def test_both_sides_read_why_when_and_with_whom_and_the_school_why_not(live_server, page, demo):
    school, sanne, proposal, unmatched = scene()
    log_in(page, live_server.url, "leader@demo.example")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/matching/proposals/{proposal.pk}/answer/")
        main = page.locator("main").inner_text()
        assert "Waarom deze match" in main and "Vrij op dinsdagochtend, zoals je vroeg" in main
        assert "Elke week op dinsdagochtend" in main and sanne.user.email in main
        assert sanne.phone not in main or not sanne.phone
        assert axe_violations(page, live_server.url) == [], width
        page.goto(f"{live_server.url}/schools/needs/{unmatched.pk}/")
        main = page.locator("main").inner_text()
        assert "Waarom nog geen match?" in main and "We keken naar de" in main
        assert axe_violations(page, live_server.url) == [], width
    page.context.clear_cookies()
    log_in(page, live_server.url, "ambassador@demo.example")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/matching/proposals/{proposal.pk}/answer/")
        main = page.locator("main").inner_text()
        assert "Dinsdagochtend staat vrij in je week" in main and school.address in main
        assert school.contact_name in main and school.contact_email in main
        assert axe_violations(page, live_server.url) == [], width
    # At a phone's width the page stays within the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

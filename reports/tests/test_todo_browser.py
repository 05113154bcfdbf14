"""Each role in a real browser: log in, land on the home page, follow the first item of the to-do list, do what it
asks, and find it gone from the list; axe checks each home page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_item(page):
    """The first item of the to-do list: its kind and its link."""
    item = page.locator("[data-todo-list] [data-todo-item]").first
    return item.get_attribute("data-todo-item"), item.get_by_role("link").first


def axe_at_both_widths(page, base):
    """Axe's findings on the page as it is drawn on a laptop and on a phone."""
    found = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        found += axe_violations(page, base)
    page.set_viewport_size({"width": 1280, "height": 800})
    return found


def kinds(page):
    return page.locator("[data-todo-list] [data-todo-item]").evaluate_all("items => items.map(i => i.dataset.todoItem)")


def test_staff_record_the_intake_talk_that_waits_longest(live_server, page, demo):
    from ambassadors.models import AmbassadorProfile

    applicant = AmbassadorProfile.objects.get(status="intake_planned")  # the demo's talk was held weeks ago
    log_in(page, live_server.url, "staff@demo.example")
    assert page.url == live_server.url + "/staff/"
    assert axe_at_both_widths(page, live_server.url) == []
    kind, link = first_item(page)
    assert kind == "screening_intake_planned"
    expect(link).to_have_text("1 intakegesprek gehouden, nog vast te leggen")
    link.click()
    page.get_by_role("link", name=applicant.user.get_full_name()).click()
    page.get_by_label("Nieuwe status").select_option("intake_done")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_text("Status gewijzigd.")).to_be_visible()
    page.goto(live_server.url + "/staff/")
    assert "screening_intake_planned" not in kinds(page)
    assert "screening_intake_done" in kinds(page)  # the next step: the VOG


def test_a_school_leader_answers_the_proposal_on_top_of_the_list(live_server, page, demo):
    from ambassadors.tests.factories import ActiveAmbassadorFactory
    from matching.models import MatchingRun, Proposal
    from schools.models import School
    from schools.tests.factories import TeacherNeedFactory

    school = School.objects.filter(memberships__user__email="leader@demo.example").order_by("name").first()
    proposal = Proposal.objects.create(
        run=MatchingRun.objects.create(), need=TeacherNeedFactory(school=school, title="Rekenen met groep 6"),
        ambassador=ActiveAmbassadorFactory(user__first_name="Pieter", user__last_name="Smit"), score=72,
        distance_km=3, weekday=2, day_part="morning", status=Proposal.Status.APPROVED,
        respond_by=timezone.localdate() + dt.timedelta(days=3))
    log_in(page, live_server.url, "leader@demo.example")
    assert page.url == f"{live_server.url}/schools/{school.pk}/"
    assert axe_at_both_widths(page, live_server.url) == []
    kind, link = first_item(page)
    assert kind == "proposal_answer"
    expect(link).to_have_text("Beantwoord het voorstel: Pieter Smit voor „Rekenen met groep 6”")
    link.click()
    assert page.url == f"{live_server.url}/matching/proposals/{proposal.pk}/answer/"
    page.get_by_label("Ja, we gaan ervoor").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Bedankt voor je antwoord.")).to_be_visible()
    assert page.url == f"{live_server.url}/schools/{school.pk}/"
    assert "proposal_answer" not in kinds(page)
    proposal.refresh_from_db()
    assert proposal.school_response == "accepted"


def test_an_ambassador_answers_the_check_in_on_top_of_the_list(live_server, page, demo):
    from ambassadors.models import AmbassadorProfile
    from matching.models import CheckIn
    from matching.tests.factories import make_placement

    profile = AmbassadorProfile.objects.get(user__email="ambassador@demo.example")
    today = timezone.localdate()
    placement = make_placement(ambassador=profile, start_date=today - dt.timedelta(days=20),
                               end_date=today + dt.timedelta(days=120), title="Leesgroepjes groep 4")
    checkin = CheckIn.objects.create(placement=placement, side=CheckIn.Side.AMBASSADOR, due_on=today)
    log_in(page, live_server.url, "ambassador@demo.example")
    assert page.url == live_server.url + "/ambassadors/"
    assert axe_at_both_widths(page, live_server.url) == []
    kind, link = first_item(page)
    assert kind == "checkin"
    link.click()
    assert page.url == f"{live_server.url}/matching/checkins/{checkin.pk}/"
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Vrijgemaakte uren deze week").fill("2,5")
    page.get_by_role("button", name="Versturen").click()
    assert page.url == live_server.url + "/ambassadors/"
    assert "checkin" not in kinds(page)
    expect(page.locator("[data-todo-empty]")).to_contain_text("Niets te doen op dit moment")
    expect(page.locator('[data-todo-item="school_day"]')).to_contain_text(placement.need.school.name)
    checkin.refresh_from_db()
    assert (checkin.relief, str(checkin.hours_freed)) == (4, "2.5")


def test_a_researcher_records_the_recording_deleted_that_is_due(live_server, page, demo):
    from research.models import Interview

    Interview.objects.filter(study__slug="pilot", code="I01").update(recording_delete_by=timezone.localdate())
    log_in(page, live_server.url, "researcher@demo.example")
    assert page.url == live_server.url + "/research/"
    assert axe_at_both_widths(page, live_server.url) == []
    kind, link = first_item(page)
    assert kind == "recording_delete"
    expect(link).to_have_text("Verwijder de opname van interview I01")
    expect(page.locator('[data-todo-item="recording_delete"]')).to_contain_text("vandaag is de laatste dag")
    link.click()
    page.get_by_role("button", name="De opname is verwijderd").click()
    page.goto(live_server.url + "/research/")
    assert "recording_delete" not in kinds(page)
    assert Interview.objects.get(study__slug="pilot", code="I01").recording_deleted_on == timezone.localdate()

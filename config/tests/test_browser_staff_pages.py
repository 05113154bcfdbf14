"""Staff's pages in a real browser: from "who else?" of a need to the proposal, an ambassador's whole story, a run's
proposals, a school page written for staff, the intake list; each passes axe at desktop and phone width."""

import re

import pytest

from conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 900), (390, 844)]


def scene():
    """Whatever the demo drew: a need of a school with a contact person, the demo ambassador proposed for it in a
    run, once declined by a school elsewhere and placed at another school."""
    from ambassadors.models import AmbassadorProfile, AvailabilitySlot
    from matching.models import MatchingRun, Placement, Proposal
    from matching.tests.factories import make_placement
    from schools.models import School, TeacherNeed

    school = School.objects.filter(contact_name__gt="", latitude__isnull=False).order_by("name").first()
    need = TeacherNeed.objects.filter(school=school).order_by("pk").first()
    need.status, need.day_part, need.weekdays, need.task_types = "open", "morning", [2], [school.allowed_tasks[0]]
    need.save()
    sanne = AmbassadorProfile.objects.get(user__email="ambassador@demo.example")
    Placement.objects.filter(ambassador=sanne).delete()
    Proposal.objects.filter(ambassador=sanne).delete()
    Proposal.objects.filter(need=need).delete()
    AmbassadorProfile.objects.filter(pk=sanne.pk).update(latitude=school.latitude, longitude=school.longitude,
                                                         max_distance_km=20)
    AvailabilitySlot.objects.get_or_create(profile=sanne, weekday=2, part="morning")
    run = MatchingRun.objects.create(status=MatchingRun.Status.DONE, proposals_made=1, ambassadors=3, needs=1)
    proposal = Proposal.objects.create(run=run, need=need, ambassador=sanne, score=74, distance_km=1, weekday=2,
                                       day_part="morning")
    elsewhere = TeacherNeed.objects.exclude(school=school).order_by("pk").first()
    Proposal.objects.create(run=run, need=elsewhere, ambassador=sanne, score=50, distance_km=6, weekday=4,
                            day_part="morning", status=Proposal.Status.DECLINED, school_response="declined",
                            school_reason="We zoeken iemand voor de bovenbouw")
    placed_at = School.objects.exclude(pk__in=[school.pk, elsewhere.school_id]).order_by("name").first()
    placement = make_placement(ambassador=sanne, school=placed_at, day_part="afternoon")
    return need, sanne, proposal, run, placement


def test_staff_follow_who_else_to_the_proposal_and_read_the_ambassadors_story(live_server, page, demo):
    from playwright.sync_api import expect

    need, sanne, proposal, run, placement = scene()
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(f"{live_server.url}/matching/needs/{need.pk}/why/")
    row = page.locator("tr", has=page.get_by_role("link", name="Sanne de Vries", exact=True))
    expect(row).to_contain_text("Voorgesteld")
    expect(row).not_to_contain_text("heeft al zoveel plaatsingen")
    row.get_by_role("link", name="voor deze hulpvraag").click()
    page.wait_for_url(re.compile(rf".*/matching/\?need={need.pk}#proposal-{proposal.pk}$"))
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Sanne de Vries")
    expect(page.locator("tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}/ambassadors/{sanne.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text(f"Geplaatst bij {placement.need.school.name}: dinsdag (middag)")
    expect(main).to_contain_text("De school wees af: We zoeken iemand voor de bovenbouw")
    expect(main).to_contain_text(need.title)

    page.goto(f"{live_server.url}/matching/runs/{run.pk}/")
    expect(page.locator("#run-proposals tbody tr")).to_have_count(2)
    expect(page.locator("#run-status")).to_contain_text("1 hulpvraag ingevuld")


@pytest.mark.parametrize("width,height", WIDTHS)
def test_staffs_pages_pass_axe_at_desktop_and_phone_width(live_server, page, demo, width, height):
    need, sanne, _proposal, run, placement = scene()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, "staff@demo.example")
    for path in (f"/ambassadors/{sanne.pk}/", f"/matching/runs/{run.pk}/", f"/matching/needs/{need.pk}/why/",
                 f"/matching/?need={need.pk}", f"/schools/{placement.need.school_id}/", f"/schools/{need.school_id}/",
                 "/schools/intakes/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page, live_server.url) == [], path
        if path.startswith("/matching/?"):
            continue  # the board's own layout is not this test's subject
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width} px"

"""The pages in a real browser: Debian's Chromium driven by Playwright, checked with axe-core."""

import re

import pytest
from django.core import mail

from accounts.totp import fresh_codes
from conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "staff@demo.example": ("/staff/", "Fijn je te zien, Marieke"),
    "leader@demo.example": ("/schools/", "Schoolprofiel"),
    "ambassador@demo.example": ("/ambassadors/", "Welkom, Sanne"),
    "researcher@demo.example": ("/research/", "Onderzoek"),
}

@pytest.mark.parametrize("email", list(ROLES))
def test_each_demo_role_logs_in_to_its_dashboard_in_dutch(live_server, page, demo, email):
    path, heading = ROLES[email]
    log_in(page, live_server.url, email)
    assert page.url.startswith(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert heading in page.locator("main").inner_text()
    assert axe_violations(page, live_server.url) == []


PAGES_BY_ROLE = {
    None: ["/", "/accounts/login/", "/accounts/password/reset/", "/accounts/invite/MQ/ongeldig/", "/schools/intake/",
           "/schools/intake/thanks/", "/privacy/", "/ambassadors/apply/", "/ambassadors/apply/thanks/",
           "/bestaat-niet/", "/figures/"],
    "staff@demo.example": ["/staff/", "/staff/users/", "/staff/users/invite/", "/accounts/password/change/",
                           "/accounts/email/", "/schools/intakes/", "/schools/intakes/{intake}/", "/schools/regions/",
                           "/schools/regions/{region}/edit/", "/schools/regions/new/", "/schools/all/", "/schools/{school}/",
                           "/ambassadors/all/", "/ambassadors/{ambassador}/", "/ambassadors/channels/",
                           "/ambassadors/{ambassador}/outcome/", "/ambassadors/{applicant}/", "/matching/",
                           "/matching/weights/", "/matching/runs/{run}/", "/matching/needs/{need}/why/",
                           "/accounts/messages/", "/accounts/messages/{message}/", "/accounts/notifications/",
                           "/accounts/notifications/preferences/",
                           "/staff/?year=2024", "/staff/?year=2025&region=utrecht", "/staff/report/",
                           "/matching/checkins/", "/matching/placements/{placement}/", "/matching/funding/",
                           "/matching/funding/{scheme}/", "/matching/funding/new/",
                           "/staff/audit/", "/staff/erasure/", "/staff/erasure/{erasure}/", "/accounts/2fa/",
                           "/privacy/my-data/", "/matching/placements/", "/staff/imports/", "/accounts/exports/",
                           "/research/overview/", "/schools/needs/{need}/", "/matching/funding/{scheme}/edit/"],
    "leader@demo.example": ["/schools/", "/schools/{school}/edit/", "/schools/{school}/contact/",
                            "/matching/placements/{leader_placement}/", "/matching/placements/{leader_placement}/welcome/",
                            "/matching/proposals/{proposal}/answer/",
                            "/schools/{school}/teachers/new/", "/schools/{school}/needs/new/", "/schools/needs/{need}/",
                            "/schools/needs/{need}/edit/", "/accounts/notifications/",
                            "/accounts/notifications/preferences/"],
    "ambassador@demo.example": ["/ambassadors/", "/ambassadors/profile/", "/ambassadors/availability/",
                                "/matching/proposals/{proposal}/answer/",
                                "/matching/placements/{ambassador_placement}/first-day/",
                                "/ambassadors/outcome/", "/ambassadors/tell-a-friend/", "/accounts/notifications/",
                                "/privacy/my-data/", "/privacy/erasure/", "/accounts/2fa/", "/accounts/reauthenticate/",
                                "/accounts/password/change/"],
    "researcher@demo.example": ["/research/", "/research/studies/new/", "/research/studies/{study}/",
                                "/research/studies/{study}/settings/", "/research/studies/{study}/team/",
                                "/research/studies/{study}/participants/",
                                "/research/studies/{study}/participants/{participant}/",
                                "/research/studies/{study}/interviews/", "/research/studies/{study}/interviews/new/",
                                "/research/studies/{study}/interviews/{interview}/",
                                "/research/studies/{study}/transcripts/{transcript}/",
                                "/research/studies/{study}/codebook/", "/research/studies/{study}/codebook/{theme}/",
                                "/research/studies/{study}/rounds/", "/research/studies/{study}/rounds/{round}/",
                                "/research/studies/{study}/reports/", "/research/studies/{study}/reports/quotes/",
                                "/research/studies/{study}/exports/", "/research/studies/{study}/memos/"],
}
WIDTHS = [1280, 390]  # a laptop and a phone


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("email", list(PAGES_BY_ROLE))
def test_every_page_passes_axe(live_server, page, demo, email, width):
    """Every page at the width of a laptop and of a phone: no axe violation, no select showing "---------", and
    nothing wider than the screen (a wide table scrolls in its own box)."""
    page.set_viewport_size({"width": width, "height": 900})
    if email:
        log_in(page, live_server.url, email)
    from accounts.models import ErasureRequest, Message, User
    from ambassadors.models import AmbassadorProfile
    from matching.models import FundingScheme, MatchingRun, Placement, Proposal
    from matching.tests.factories import answer, make_placement
    from research.models import Interview, Participant, ReliabilityRound, Study, Theme, Transcript
    from schools.models import Intake, Region, School, TeacherNeed

    school = School.objects.filter(memberships__user__email="leader@demo.example").order_by("name").first()
    leader_placement = make_placement(school=school)  # with answers to show, whatever the demo drew
    answer(leader_placement, relief=2, remarks="De leraar moet steeds taken verzinnen.")
    ambassador = AmbassadorProfile.objects.get(user__email="ambassador@demo.example")
    Placement.objects.filter(ambassador=ambassador).delete()  # the demo may have placed her already
    ambassador_placement = make_placement(school=school, ambassador=ambassador)
    proposal = Proposal.objects.create(  # waiting for both answers
        run=MatchingRun.objects.create(), need=TeacherNeed.objects.filter(school=school).first(), ambassador=ambassador,
        score=64, distance_km=5, weekday=3, day_part="afternoon", status=Proposal.Status.APPROVED,
        respond_by=ambassador_placement.start_date)
    study = Study.objects.get(slug="pilot")
    ids = {"study": study.slug, "participant": Participant.objects.filter(study=study).first().code,
           "interview": Interview.objects.filter(study=study).first().code,
           "transcript": Transcript.objects.filter(interview__study=study).first().pk,
           "theme": Theme.objects.filter(study=study).first().pk,
           "round": ReliabilityRound.objects.filter(study=study).first().pk,
           "proposal": proposal.pk, "ambassador_placement": ambassador_placement.pk,
           "school": school.pk, "need": TeacherNeed.objects.filter(school=school).first().pk,
           "placement": Placement.objects.order_by("pk").first().pk, "leader_placement": leader_placement.pk,
           "scheme": FundingScheme.objects.get().pk,
           "intake": Intake.objects.first().pk, "region": Region.objects.first().pk,
           "ambassador": AmbassadorProfile.objects.get(user__email="ambassador@demo.example").pk,
           "applicant": AmbassadorProfile.objects.filter(status="applied").first().pk,
           "run": MatchingRun.objects.first().pk,
           "message": Message.objects.create(kind="checkin_due", occasion="axe", to_email="weg@example.nl",
                                             language="nl", subject="Hoe gaat het?", body_text="Beste Ilse,",
                                             state="failed", last_error="SMTPRecipientsRefused: 550 unknown").pk,
           "erasure": ErasureRequest.objects.get_or_create(user=User.objects.get(email="researcher@demo.example"))[0].pk}
    for path in PAGES_BY_ROLE[email]:
        path = path.format(**ids)
        page.goto(live_server.url + path)
        assert axe_violations(page, live_server.url) == [], path
        assert "---------" not in page.locator("body").inner_html(), path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_form_errors_pass_axe_and_keep_input(live_server, page, demo):
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/staff/users/invite/")
    page.get_by_label("E-mailadres").fill("nieuwe.leider@example.nl")
    page.get_by_label("Voornaam").fill("Ilse")
    page.get_by_label("Achternaam").fill("Hoekstra")
    page.get_by_label("Rol").select_option("school_leader")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "Een schoolleider of leraar moet aan een school gekoppeld zijn." in page.locator("main").inner_text()
    assert page.get_by_label("Voornaam").input_value() == "Ilse"
    assert axe_violations(page, live_server.url) == []


def test_skip_link_is_the_first_stop_and_visible_on_focus(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_staff_invites_a_researcher_who_sets_a_password_logs_in_and_sets_up_two_factor(live_server, page, demo):
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/staff/users/invite/")
    page.get_by_label("E-mailadres").fill("onderzoeker@hogeschool.example")
    page.get_by_label("Voornaam").fill("Mirjam")
    page.get_by_label("Achternaam").fill("Stroetinga")
    page.get_by_label("Rol").select_option("researcher")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "Uitnodiging verstuurd naar onderzoeker@hogeschool.example" in page.locator("main").inner_text()
    [message] = [m for m in mail.outbox if m.to == ["onderzoeker@hogeschool.example"]]
    path = re.search(r"/accounts/invite/\S+/", message.body).group(0)

    page.get_by_role("button", name=re.compile("Marieke")).click()
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(live_server.url + path)
    page.locator("#id_new_password1").fill("Veilig-wachtwoord-2026")
    page.locator("#id_new_password2").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    # The link logged nobody in: the researcher logs in, and must set up an authenticator app before anything else.
    page.wait_for_url(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("onderzoeker@hogeschool.example")
    page.get_by_label("Wachtwoord").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    # Setting up a second factor, like changing the password or address, first asks for the password again.
    page.wait_for_url(re.compile(r".*/accounts/reauthenticate/.*"))
    page.get_by_label("Wachtwoord").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/totp/activate/"))
    assert axe_violations(page, live_server.url) == []
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code van de app").fill(fresh_codes(secret)[0])
    page.get_by_role("button", name="Aanzetten").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/recovery-codes/"))
    assert page.locator(".recovery-codes li").count() == 10
    assert axe_violations(page, live_server.url) == []
    page.get_by_role("link", name=re.compile("continue|verder", re.IGNORECASE)).click()
    page.wait_for_url(live_server.url + "/research/")
    assert "Onderzoek" in page.locator("h1").inner_text()


def test_language_switch_to_english_and_back(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_intake_form_shows_errors_first_then_succeeds(live_server, page, demo):
    from schools.models import Intake

    before = Intake.objects.count()
    page.goto(live_server.url + "/schools/intake/")
    page.get_by_label("Naam van de schoolleider").fill("Hanneke Bos")
    page.get_by_label("E-mailadres").fill("h.bos@dewegwijzer.nl")
    page.get_by_label("Telefoon").fill("12345")
    page.get_by_label("Schoolnaam").fill("CBS De Wegwijzer")
    page.get_by_label("Primair onderwijs (po)").check()
    page.get_by_label("Schoolbestuur").fill("Vereniging Christelijk Onderwijs Almere")
    page.get_by_label("Postcode van de school").fill("1315ab")
    page.get_by_label("Plaats").fill("Almere")
    page.get_by_label("Kort schoolprofiel").fill("Een school met 280 leerlingen in Almere Stad.")
    page.get_by_role("button", name="Aanmelding versturen").click()
    main = page.locator("main")
    assert "Nog niet alles is goed ingevuld." in main.inner_text()
    assert "Vul een Nederlands telefoonnummer in" in main.inner_text()
    assert page.get_by_label("Schoolnaam").input_value() == "CBS De Wegwijzer"
    assert axe_violations(page, live_server.url) == []
    assert Intake.objects.count() == before

    page.get_by_label("Telefoon").fill("036 123 4567")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url(live_server.url + "/schools/intake/thanks/")
    assert "Bedankt voor je aanmelding" in page.locator("h1").inner_text()
    intake = Intake.objects.get(leader_email="h.bos@dewegwijzer.nl")
    assert intake.leader_phone == "036 123 4567" and intake.postcode == "1315 AB"
    assert intake.region.name == "Almere"


def test_leader_posts_a_need(live_server, page, demo):
    from schools.models import TeacherNeed

    log_in(page, live_server.url, "leader@demo.example")
    page.get_by_role("link", name="Hulpvraag plaatsen").click()
    page.get_by_label("Titel").fill("Begeleiding bij het schoolreisje")
    page.get_by_label("Buitenschoolse activiteiten").check()
    page.get_by_label("vrijdag").check()
    page.get_by_label("Middag").check()
    page.get_by_label("Beschrijving").fill("Samen met de leerkrachten het schoolreisje voorbereiden en begeleiden.")
    page.get_by_label("Wat het de leraar uit handen neemt").fill("De leerkrachten hoeven de logistiek niet zelf te regelen.")
    page.get_by_role("button", name="Hulpvraag plaatsen").click()
    # The period was left empty: an error, with everything typed still there.
    assert "Dit veld is verplicht." in page.locator("main").inner_text()
    assert page.get_by_label("Titel").input_value() == "Begeleiding bij het schoolreisje"
    from schools import school_year

    first, _last = school_year.bounds(school_year.current_school_year())
    page.get_by_label("Startdatum").fill(first.replace(month=9, day=15).isoformat())
    page.get_by_label("Einddatum").fill(first.replace(month=12, day=19).isoformat())
    page.get_by_role("button", name="Hulpvraag plaatsen").click()
    page.wait_for_url(re.compile(r".*/schools/needs/\d+/$"))
    assert "Begeleiding bij het schoolreisje" in page.locator("h1").inner_text()
    need = TeacherNeed.objects.get(title="Begeleiding bij het schoolreisje")
    assert need.weekdays == [5] and need.day_part == "afternoon" and need.task_types == ["extracurricular"]
    assert axe_violations(page, live_server.url) == []


def test_application_form_shows_errors_first_then_succeeds(live_server, page, demo):
    from ambassadors.models import AmbassadorProfile

    page.goto(live_server.url + "/ambassadors/apply/")
    page.locator("#id_first_name").fill("Fatima")
    page.locator("#id_last_name").fill("El Amrani")
    page.locator("#id_email").fill("fatima@gemeente.example")
    page.locator("#id_phone").fill("06 1234")
    page.locator("#id_postcode").fill("2511 cv")
    page.locator("#id_sector").select_option("government")
    page.locator("#id_employer").fill("Gemeente Den Haag")
    page.locator("#id_employer_release_0").check()
    page.locator("#id_motivations_1").check()
    page.locator("#id_preferred_tasks_0").check()
    page.locator("#id_school_types_0").check()
    from datetime import date, timedelta

    page.locator("#id_start_date").fill((date.today() + timedelta(days=20)).isoformat())
    page.locator("#id_commitment_1").check()
    page.locator("#id_day_amount_0").check()
    page.locator("#id_weekdays_2").check()
    page.locator("#id_heard_via_2").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    assert "Vul een Nederlands telefoonnummer in" in page.locator("main").inner_text()
    assert page.locator("#id_employer").input_value() == "Gemeente Den Haag"
    assert page.locator("#id_weekdays_2").is_checked()
    assert axe_violations(page, live_server.url) == []
    assert not AmbassadorProfile.objects.filter(user__email="fatima@gemeente.example").exists()

    page.locator("#id_phone").fill("070 353 3000")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_url(live_server.url + "/ambassadors/apply/thanks/")
    assert "fatima@gemeente.example" in page.locator("main").inner_text()
    profile = AmbassadorProfile.objects.get(user__email="fatima@gemeente.example")
    assert profile.phone == "070 353 3000" and profile.region.name == "Den Haag"
    assert sorted(profile.slots.values_list("weekday", "part")) == [(3, "afternoon"), (3, "morning")]


def test_availability_grid_saves_each_click_without_reloading(live_server, page, demo):
    from playwright.sync_api import expect

    from ambassadors.models import AvailabilitySlot

    log_in(page, live_server.url, "ambassador@demo.example")
    page.goto(live_server.url + "/ambassadors/availability/")
    cell = page.locator('[data-slot="1-morning"]')
    was_on = cell.get_attribute("aria-pressed") == "true"
    page.evaluate("window.__marker = 'same page'")
    cell.click()
    expected = "false" if was_on else "true"
    expect(page.locator('[data-slot="1-morning"]')).to_have_attribute("aria-pressed", expected)
    assert page.evaluate("window.__marker") == "same page"  # htmx swapped the cell; no page load
    exists = AvailabilitySlot.objects.filter(profile__user__email="ambassador@demo.example", weekday=1, part="morning").exists()
    assert exists is (not was_on)
    page.locator('[data-slot="1-morning"]').click()
    expect(page.locator('[data-slot="1-morning"]')).to_have_attribute("aria-pressed", "true" if was_on else "false")
    exists = AvailabilitySlot.objects.filter(profile__user__email="ambassador@demo.example", weekday=1, part="morning").exists()
    assert exists is was_on
    assert axe_violations(page, live_server.url) == []


def test_a_grid_cell_toggled_with_the_keyboard_keeps_the_focus(live_server, page, demo):
    from playwright.sync_api import expect

    from ambassadors.models import AvailabilitySlot
    from matching.models import Placement

    Placement.objects.filter(ambassador__user__email="ambassador@demo.example").delete()  # no booked half days
    log_in(page, live_server.url, "ambassador@demo.example")
    page.goto(live_server.url + "/ambassadors/availability/")
    cell = page.locator('[data-slot="1-morning"]')
    was_on = cell.get_attribute("aria-pressed") == "true"
    page.evaluate("window.__marker = 'same page'")
    cell.focus()
    page.keyboard.press("Space")
    expect(cell).to_have_attribute("aria-pressed", "false" if was_on else "true")
    expect(cell).to_be_focused()  # the new cell from the server has the focus, not the page body
    expect(page.locator(".htmx-added, .htmx-request")).to_have_count(0)  # htmx has settled the new cell
    page.keyboard.press("Enter")
    expect(cell).to_have_attribute("aria-pressed", "true" if was_on else "false")
    expect(cell).to_be_focused()
    assert page.evaluate("window.__marker") == "same page"  # both swapped by htmx; no page load
    exists = AvailabilitySlot.objects.filter(profile__user__email="ambassador@demo.example", weekday=1, part="morning").exists()
    assert exists is was_on
    page.keyboard.press("Tab")  # on to the next half day, as from anywhere in the grid
    expect(page.locator('[data-slot="1-afternoon"]')).to_be_focused()


def test_staff_approve_and_reject_on_the_board_with_the_keyboard(live_server, page, demo):
    """The reject reason opens on demand; after each decision the focus stays on the row that changed."""
    from playwright.sync_api import expect

    from ambassadors.tests.factories import ActiveAmbassadorFactory
    from matching.models import MatchingRun, Proposal
    from schools.models import School, TeacherNeed

    school = School.objects.filter(contact_name__gt="", region__isnull=False).first()
    run = MatchingRun.objects.create()
    first, second = (
        Proposal.objects.create(run=run, need=TeacherNeed.objects.filter(school=school).first(),
                                ambassador=ActiveAmbassadorFactory(user__first_name=name, user__last_name="Kramer"),
                                score=score, distance_km=3, weekday=2, day_part="morning")
        for name, score in (("Ilse", 81), ("Joost", 64)))
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(f"{live_server.url}/matching/?region={school.region_id}")
    row = page.locator(f"#proposal-{second.pk}")
    expect(row).to_contain_text("64 / 100")
    expect(row.get_by_label("Waarom past deze match niet?")).to_be_hidden()  # closed until asked for
    row.locator("summary").focus()
    page.keyboard.press("Enter")
    reason = row.get_by_label("Waarom past deze match niet?")
    expect(reason).to_be_focused()
    assert axe_violations(page, live_server.url) == []
    page.keyboard.type("Joost zoekt werk in de bovenbouw.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row).to_contain_text("Afgewezen door medewerkers")
    expect(page.locator(f"#proposal-{second.pk} :focus")).to_have_count(1)  # not the page body
    second.refresh_from_db()
    assert (second.status, second.reject_reason) == ("rejected", "Joost zoekt werk in de bovenbouw.")

    page.locator(f"#proposal-{first.pk}").get_by_role("button", name="Goedkeuren").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#proposal-{first.pk}")).to_contain_text("Goedgekeurd door medewerkers")
    expect(page.locator(f"#proposal-{first.pk} :focus")).to_have_count(1)  # not the page body
    first.refresh_from_db()
    assert first.status == "approved"
    assert axe_violations(page, live_server.url) == []


def test_staff_approve_a_proposal_on_the_board(live_server, page, demo):
    from playwright.sync_api import expect

    from ambassadors.models import AvailabilitySlot
    from ambassadors.tests.factories import ActiveAmbassadorFactory
    from matching.models import Proposal
    from schools.models import School, TeacherNeed

    # A need and an ambassador that fit, so the board has something to approve whatever the demo drew.
    school = School.objects.filter(contact_name__gt="").first()
    need = TeacherNeed.objects.filter(school=school).first()
    need.status, need.day_part, need.weekdays, need.task_types = "open", "morning", [2], [school.allowed_tasks[0]]
    need.save()
    Proposal.objects.filter(need=need).delete()
    ambassador = ActiveAmbassadorFactory(latitude=school.latitude, longitude=school.longitude, max_distance_km=20,
                                         preferred_tasks=need.task_types, school_types=["po", "vo"],
                                         user__first_name="Ilse", user__last_name="Kramer")
    AvailabilitySlot.objects.create(profile=ambassador, weekday=2, part="morning")
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/matching/")
    page.get_by_role("button", name="Matching starten").click()
    page.wait_for_url(re.compile(r".*/matching/runs/\d+/$"))
    expect(page.locator("#run-status")).to_contain_text("Klaar", timeout=20000)
    proposal = Proposal.objects.get(ambassador=ambassador)
    page.goto(live_server.url + "/matching/")
    row = page.locator(f"#proposal-{proposal.pk}")
    expect(row).to_contain_text("Ilse Kramer")
    expect(row).to_contain_text("dinsdagochtend past")
    row.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Goedgekeurd door medewerkers")
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert axe_violations(page, live_server.url) == []


def test_school_and_ambassador_both_accept_and_the_placement_starts(live_server, page, demo):
    from playwright.sync_api import expect

    from ambassadors.models import AmbassadorProfile
    from matching import services
    from matching.models import CheckIn, MatchingRun, Placement, Proposal
    from schools.models import School, TeacherNeed

    school = School.objects.filter(memberships__user__email="leader@demo.example").order_by("name").first()
    need = TeacherNeed.objects.filter(school=school).first()
    ambassador = AmbassadorProfile.objects.get(user__email="ambassador@demo.example")
    Placement.objects.filter(ambassador=ambassador).delete()  # the demo may have placed her last school year
    Proposal.objects.filter(ambassador=ambassador).delete()
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=80,
                                       distance_km=4, weekday=3, day_part="morning")
    services.proposal_decide(proposal_id=proposal.pk, actor=None, approve=True)

    log_in(page, live_server.url, "leader@demo.example")
    page.get_by_role("link", name="Accepteren of afwijzen").first.click()
    assert "Sanne de Vries" in page.locator("main").inner_text()
    assert axe_violations(page, live_server.url) == []
    page.get_by_label("Ja, we gaan ervoor").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator("main")).to_contain_text("Je hebt geaccepteerd; we wachten op de ambassadeur.")
    page.get_by_role("button", name="Jeroen Bakker").click()
    page.get_by_role("button", name="Uitloggen").click()

    log_in(page, live_server.url, "ambassador@demo.example")
    page.get_by_role("link", name="Accepteren of afwijzen").click()
    page.get_by_label("Ja, we gaan ervoor").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    main = page.locator("main")
    expect(main).to_contain_text(school.name)
    expect(main).to_contain_text(school.contact_name)
    placement = Placement.objects.get(proposal=proposal)
    assert placement.weekday == 3 and CheckIn.objects.filter(placement=placement).exists()
    page.get_by_role("link", name="Checklist eerste dag").click()
    expect(page.locator("h1")).to_contain_text(f"Je eerste dag bij {school.name}")
    assert axe_violations(page, live_server.url) == []


def test_the_bell_counts_unread_notifications_and_leads_where_the_leader_acts(live_server, page, demo):
    from accounts.models import Message, MessageKind, User

    leader = User.objects.get(email="leader@demo.example")
    school = leader.schools.order_by("name").first()
    for subject in ("Doet je school mee in 2027-2028?", "Nog geen match voor „Leesclub”"):
        Message.objects.create(kind=MessageKind.PARTICIPATION_CALL, occasion=subject, recipient=leader,
                               to_email=leader.email, language="nl", subject=subject, body_text="Beste Jeroen,",
                               link=f"http://127.0.0.1:8000/schools/{school.pk}/", state=Message.State.SENT)
    unread = Message.objects.filter(recipient=leader, read_at__isnull=True).count()
    log_in(page, live_server.url, "leader@demo.example")
    bell = page.locator("#notification-bell")
    assert bell.locator(".notification-count").inner_text() == str(unread)
    bell.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Meldingen", exact=True).is_visible()
    assert axe_violations(page, live_server.url) == []
    page.locator("article", has_text="Nog geen match").get_by_role("button", name="Naar de pagina").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/schools/{school.pk}/"  # the link, on whatever host serves the site
    assert page.locator("#notification-bell .notification-count").inner_text() == str(unread - 1)


def test_the_public_figures_page_maps_the_schools_from_this_site_alone(live_server, page, demo):
    """Leaflet, the outline and the markers all come from the site itself: no tile server, no CDN."""
    from playwright.sync_api import expect

    from reports.selectors import map_schools
    from schools import school_year

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="De cijfers en een kaart van de scholen").click()
    page.wait_for_url(live_server.url + "/figures/")
    page.wait_for_load_state("networkidle")
    shown = map_schools(school_year.current_school_year())
    assert shown, "the demo has schools that agreed to be on the map"
    expect(page.locator("#school-map")).to_have_attribute("data-markers", str(len(shown)))
    assert page.locator("#school-map path.leaflet-interactive").count() == len(shown)
    assert page.locator("#school-list li").count() == len(shown)
    assert page.locator("#school-map .leaflet-overlay-pane path").count() > len(shown)  # the outline is drawn too
    assert live_server.url + "/static/vendor/nl-outline/netherlands.geojson" in requests
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    assert "100" in page.locator("main").inner_text()  # 2024-25 in the series: 100 schools, 150 ambassadors
    assert axe_violations(page, live_server.url) == []


def test_staff_print_the_yearly_report(live_server, page, demo):
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/staff/")
    page.get_by_role("link", name="Jaarverslag").first.click()
    assert "Jaarverslag" in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Afdrukken of als pdf bewaren").is_visible()
    assert page.locator("svg.bar-chart").first.is_visible()
    assert axe_violations(page, live_server.url) == []


def test_a_security_key_is_added_and_then_opens_the_account(live_server, page, demo, settings):
    """WebAuthn with Chromium's virtual authenticator: add a key, log out, log in with the password and the key."""
    from allauth.mfa.models import Authenticator

    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain http on localhost
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    log_in(page, live_server.url, "ambassador@demo.example")
    page.goto(live_server.url + "/accounts/2fa/webauthn/add/")
    page.get_by_label("Wachtwoord").fill("Demo-wachtwoord-1")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/webauthn/add/"))
    assert axe_violations(page, live_server.url) == []
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/(webauthn/)?(recovery-codes/)?$"))
    assert Authenticator.objects.filter(user__email="ambassador@demo.example", type="webauthn").exists()

    page.get_by_role("button", name=re.compile("Sanne")).click()
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("ambassador@demo.example")
    page.get_by_label("Wachtwoord").fill("Demo-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/"))
    page.get_by_role("button", name="Beveiligingssleutel gebruiken").click()
    page.wait_for_url(live_server.url + "/ambassadors/")
    assert "Welkom, Sanne" in page.locator("main").inner_text()

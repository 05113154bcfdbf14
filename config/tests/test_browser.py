"""The pages in a real browser: Debian's Chromium driven by Playwright, checked with axe-core."""

import io
import os
import re
import shutil

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "Demo-wachtwoord-1"
ROLES = {
    "staff@demo.example": ("/accounts/staff/", "Fijn je te zien, Marieke"),
    "leader@demo.example": ("/schools/", "Schoolprofiel"),
    "ambassador@demo.example": ("/ambassadors/", "Welkom, Sanne"),
    "researcher@demo.example": ("/research/", "Onderzoek"),
}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI ({CHROMIUM}); install the Debian package 'chromium'")
        pytest.skip(f"Chromium not found at {CHROMIUM}; CI installs it and runs these tests")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")  # an English browser still gets Dutch pages
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--schools", "4", "--ambassadors", "3", "--password", PASSWORD, stdout=io.StringIO())


def log_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def axe_violations(page, base):
    page.add_script_tag(url=base + "/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})).violations"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result]


@pytest.mark.parametrize("email", list(ROLES))
def test_each_demo_role_logs_in_to_its_dashboard_in_dutch(live_server, page, demo, email):
    path, heading = ROLES[email]
    log_in(page, live_server.url, email)
    assert page.url.startswith(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert heading in page.locator("main").inner_text()
    assert axe_violations(page, live_server.url) == []


PAGES_BY_ROLE = {
    None: ["/", "/accounts/login/", "/accounts/password/reset/", "/accounts/invite/MQ/ongeldig/"],
    "staff@demo.example": ["/accounts/staff/", "/accounts/users/", "/accounts/users/invite/", "/accounts/password/change/",
                           "/accounts/email/"],
    "leader@demo.example": ["/schools/"],
    "ambassador@demo.example": ["/ambassadors/"],
    "researcher@demo.example": ["/research/"],
}


@pytest.mark.parametrize("email", list(PAGES_BY_ROLE))
def test_every_page_passes_axe(live_server, page, demo, email):
    if email:
        log_in(page, live_server.url, email)
    for path in PAGES_BY_ROLE[email]:
        page.goto(live_server.url + path)
        assert axe_violations(page, live_server.url) == [], path


def test_form_errors_pass_axe_and_keep_input(live_server, page, demo):
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/accounts/users/invite/")
    page.get_by_label("E-mailadres").fill("nieuwe.leider@example.nl")
    page.get_by_label("Voornaam").fill("Ilse")
    page.get_by_label("Achternaam").fill("Hoekstra")
    page.get_by_label("Rol").select_option("school_leader")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "Een schoolleider moet aan een school gekoppeld zijn." in page.locator("main").inner_text()
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


def test_staff_invites_a_researcher_who_sets_a_password_and_logs_in(live_server, page, demo):
    log_in(page, live_server.url, "staff@demo.example")
    page.goto(live_server.url + "/accounts/users/invite/")
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
    page.get_by_role("button", name="Wachtwoord opslaan en inloggen").click()
    page.wait_for_url(live_server.url + "/research/")
    assert "Onderzoek" in page.locator("h1").inner_text()


def test_language_switch_to_english_and_back(live_server, page, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"

"""Shared fixtures: one persona per role, each tied to what it may see."""

import io
import os
import shutil

import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.models import Role
from accounts.tests.factories import UserFactory
from accounts.totp import fresh_codes
from ambassadors.tests.factories import AmbassadorProfileFactory
from schools.tests.factories import SchoolFactory, SchoolMembershipFactory


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF, first_name="Marieke")


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def leader_user(db, school):
    return SchoolMembershipFactory(school=school).user


@pytest.fixture
def ambassador_user(db):
    return AmbassadorProfileFactory().user


@pytest.fixture
def researcher_user(db):
    return UserFactory(role=Role.RESEARCHER)


@pytest.fixture
def teacher_user(db, school):
    return SchoolMembershipFactory(school=school, user__role=Role.TEACHER, position="Docent wiskunde").user


@pytest.fixture
def users_by_role(staff_user, leader_user, ambassador_user, researcher_user, teacher_user):
    return {
        Role.STAFF: staff_user,
        Role.SCHOOL_LEADER: leader_user,
        Role.AMBASSADOR: ambassador_user,
        Role.RESEARCHER: researcher_user,
        Role.TEACHER: teacher_user,
    }


# --- Browser tests: Debian's Chromium driven by Playwright ------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "Demo-wachtwoord-1"  # noqa: S105 - test data
DEMO_TOTP_SECRET = "ONDERWIJSAMBASSADEURSDEMOTOTPKEY"  # noqa: S105 - seed_demo's documented secret


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
    # A fresh demo, with a fresh cache: no login throttle counts or spent authenticator codes of an earlier test.
    cache.clear()
    call_command("seed_demo", "--schools", "4", "--ambassadors", "3", "--password", PASSWORD, "--force",
                 stdout=io.StringIO())


def log_in(page, base, email, secret=DEMO_TOTP_SECRET):
    """Log in as a person does: the password, then (for an account with an authenticator app) its current code."""
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    for code in fresh_codes(secret):  # a code is accepted once: a second login within 30 s takes the next one
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state("networkidle")


def axe_violations(page, base):
    page.add_script_tag(url=base + "/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})).violations"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result]




# --- The broker ---------------------------------------------------------------------------------


@pytest.fixture
def broker_down():
    """Celery as in production (tasks go to the broker instead of running here), and the broker unreachable:
    nothing listens on port 1."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    reset_pools()
    yield
    app.conf.update(saved)
    reset_pools()

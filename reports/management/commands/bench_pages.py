import http.cookiejar
import json
import re
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from accounts.totp import fresh_codes
from ambassadors.models import AmbassadorProfile
from matching.models import MatchingRun
from reports.management.commands.seed_demo import DEFAULT_PASSWORD, DEMO_LOGINS, DEMO_TOTP_SECRET
from schools.models import Intake, School, TeacherNeed

# Every page each role can open (the browser test's list), the heavy ones included: the why-not page of a need and
# the export (which turns into a background job and its list when it is long).
PAGES = {
    None: ["/", "/schools/intake/", "/ambassadors/apply/", "/accounts/login/", "/privacy/", "/healthz/", "/figures/"],
    DEMO_LOGINS[Role.STAFF]: ["/staff/", "/staff/users/", "/staff/users/invite/", "/schools/intakes/",
                           "/schools/intakes/{intake}/", "/schools/all/", "/schools/{school}/", "/schools/regions/",
                           "/schools/regions/{region}/edit/", "/ambassadors/all/", "/ambassadors/all/export.csv",
                           "/ambassadors/{ambassador}/", "/ambassadors/{ambassador}/outcome/", "/ambassadors/channels/",
                           "/matching/", "/matching/weights/", "/matching/placements/", "/matching/runs/{run}/",
                           "/matching/needs/{need}/why/", "/accounts/exports/", "/accounts/messages/",
                           "/staff/imports/", "/staff/report/", "/staff/figures.xlsx", "/matching/checkins/",
                           "/matching/funding/"],
    DEMO_LOGINS[Role.SCHOOL_LEADER]: ["/schools/", "/schools/{school}/", "/schools/{school}/edit/",
                                      "/schools/{school}/contact/", "/schools/{school}/teachers/new/",
                                      "/schools/needs/{need}/", "/schools/needs/{need}/edit/",
                                      "/schools/{school}/needs/new/", "/accounts/notifications/"],
    DEMO_LOGINS[Role.AMBASSADOR]: ["/ambassadors/", "/ambassadors/availability/", "/ambassadors/profile/",
                                   "/ambassadors/outcome/", "/ambassadors/tell-a-friend/"],
    DEMO_LOGINS[Role.RESEARCHER]: ["/research/"],
}


class Command(BaseCommand):
    help = ("Load a running server (gunicorn or runserver, on this machine) with concurrent users that log in as the "
            "demo roles, and report each page's p50/p95 response time.")

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server (default %(default)s)")
        parser.add_argument("--users", type=int, default=8, help="concurrent users (default 8)")
        parser.add_argument("--rounds", type=int, default=5, help="times each user fetches every page (default 5)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of the demo accounts")
        parser.add_argument("--totp-secret", default=DEMO_TOTP_SECRET,
                            help="secret of the demo accounts' authenticator app (default: seed_demo's)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, url, users, rounds, password, totp_secret, **options):
        if not User.objects.filter(email=DEMO_LOGINS[Role.STAFF]).exists():
            raise CommandError("Run `manage.py seed_demo` first (against the database the server uses).")
        school = School.objects.filter(memberships__user__email=DEMO_LOGINS[Role.SCHOOL_LEADER]).order_by("name").first()
        ids = {"school": school.pk, "need": TeacherNeed.objects.filter(school=school).order_by("pk").first().pk,
               "intake": Intake.objects.order_by("pk").first().pk, "region": school.region_id,
               "ambassador": AmbassadorProfile.objects.order_by("pk").first().pk,
               "run": MatchingRun.objects.order_by("pk").first().pk}
        base = url.rstrip("/")
        paths = [(email, path.format(**ids)) for email, paths in PAGES.items() for path in paths]
        shared = {path for _email, path in paths if sum(p == path for _e, p in paths) > 1}
        # A page that several roles open is reported once per role, e.g. "/schools/12/ (staff)".
        jobs = [(email, path, f"{path} ({email.split('@')[0]})" if path in shared else path) for email, path in paths]
        timings: dict[str, list[float]] = {key: [] for _email, _path, key in jobs}

        # One login per role, shared by the simulated users (the login form itself is rate limited per address).
        openers = {email: _opener(base, email, password, totp_secret) for email in PAGES}

        def visit(_worker):
            for _round in range(rounds):
                for email, path, key in jobs:
                    started = time.perf_counter()
                    try:
                        with openers[email].open(base + path, timeout=30) as response:
                            response.read()
                            landed = response.url
                    except HTTPError as exc:
                        raise CommandError(f"{path} answered {exc.code}") from exc
                    if email and "/accounts/login/" in landed and "/accounts/login/" not in path:
                        raise CommandError(f"{path} sent {email} to the login page: the session was lost")
                    timings[key].append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=users) as pool:
            list(pool.map(visit, range(users)))
        wall = time.perf_counter() - started
        rows = {path: {"p50_ms": round(statistics.median(t), 1), "p95_ms": round(_p95(t), 1)}
                for path, t in sorted(timings.items(), key=lambda item: -_p95(item[1]))}  # the worst page first
        everything = [v for t in timings.values() for v in t]
        result = {"users": users, "requests": len(everything), "seconds": round(wall, 2),
                  "requests_per_second": round(len(everything) / wall, 1), "p95_ms": round(_p95(everything), 1),
                  "worst_page": next(iter(rows)), "worst_page_p95_ms": max(r["p95_ms"] for r in rows.values()),
                  "pages": rows}
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for path, row in rows.items():
            self.stdout.write(f"{row['p95_ms']:>8.1f} ms p95 {row['p50_ms']:>8.1f} ms p50  {path}")
        self.stdout.write(f"{result['requests']} requests by {users} users in {result['seconds']} s "
                          f"({result['requests_per_second']}/s); overall p95 {result['p95_ms']} ms")


def _post(opener, base, path, fields):
    """Submit the form at `path` (with its CSRF token); returns the address the server sent the browser to."""
    page = opener.open(base + path, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base + path, data=data, headers={"Referer": base + path})  # noqa: S310 - the operator's own server
    with opener.open(request, timeout=30) as response:
        response.read()
        return urllib.parse.urlsplit(response.url).path


def _opener(base, email, password, totp_secret):
    """A browser session logged in as `email`: the password, then the authenticator app's code where asked."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if email:
        landed = _post(opener, base, "/accounts/login/", {"login": email, "password": password})
        for code in fresh_codes(totp_secret):  # each code is accepted once; the next step's code also counts
            if landed != "/accounts/2fa/authenticate/":
                break
            landed = _post(opener, base, "/accounts/2fa/authenticate/", {"code": code})
        if landed.rstrip("/").endswith("/accounts/login") or landed.startswith("/accounts/2fa/"):
            raise CommandError(f"Logging in as {email} failed: check --password and --totp-secret.")
    return opener


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]

"""The benchmark commands run and report what DESIGN.md promises (figures belong in notes, not in tests)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from conftest import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_bench_pages_logs_in_as_each_role_and_reports_every_page(live_server, demo):
    from config.health import record_heartbeat

    record_heartbeat("celery@bench")  # the server measured has a live worker, as `make run` starts one
    out = io.StringIO()
    call_command("bench_pages", "--url", live_server.url, "--users", "2", "--rounds", "1", "--password", PASSWORD,
                 "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["requests"] == 2 * len(data["pages"]) and data["p95_ms"] > 0
    assert "/staff/" in data["pages"] and "/ambassadors/availability/" in data["pages"]
    # The heavy pages are visited too, and the worst page comes first.
    assert any(path.startswith("/matching/needs/") and path.endswith("/why/") for path in data["pages"])
    assert "/ambassadors/all/export.csv" in data["pages"]
    p95 = [row["p95_ms"] for row in data["pages"].values()]
    assert p95 == sorted(p95, reverse=True) and data["worst_page"] == next(iter(data["pages"]))


@pytest.mark.django_db(transaction=True)
def test_bench_pages_refuses_to_time_the_login_page_when_the_password_is_wrong(live_server, demo):
    with pytest.raises(CommandError, match="Logging in as staff@demo.example failed"):
        call_command("bench_pages", "--url", live_server.url, "--users", "1", "--rounds", "1",
                     "--password", "niet-het-wachtwoord", stdout=io.StringIO())

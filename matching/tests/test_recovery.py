"""Matching runs and re-matches survive a dying worker and a broker that was down: a run left running is marked
failed with the reason and can be started again; a redelivered task takes a dead worker's run over; a task that
never reached a worker is sent again. Every task is idempotent."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching import recovery, services
from matching.models import MatchingRun, Placement, Proposal
from schools.tests.factories import TeacherNeedFactory

pytestmark = pytest.mark.django_db


def left_running(minutes_ago, attempts=1):
    """A run a worker took `minutes_ago` and never finished."""
    return MatchingRun.objects.create(status=MatchingRun.Status.RUNNING, attempts=attempts,
                                      started_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


def test_a_run_whose_worker_died_is_marked_failed_with_the_reason_and_can_be_started_again(
        client, staff_user, django_capture_on_commit_callbacks):
    run = left_running(minutes_ago=20)
    assert recovery.recover()["failed"] == 1
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.FAILED
    assert run.error == "De worker die deze ronde uitvoerde, stopte voordat hij klaar was. Start de ronde opnieuw."
    client.force_login(staff_user)
    page = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "Start deze ronde opnieuw" in page and run.error in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run_restart", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE and run.error == "" and run.attempts == 1


def test_a_run_that_is_not_failed_cannot_be_started_again(client, staff_user):
    run = MatchingRun.objects.create(status=MatchingRun.Status.DONE)
    client.force_login(staff_user)
    response = client.post(reverse("matching:run_restart", args=[run.pk]), follow=True)
    assert "Alleen een mislukte ronde kan opnieuw worden gestart." in response.content.decode()
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE


def test_a_run_that_just_started_is_left_alone():
    run = left_running(minutes_ago=0.5)
    assert recovery.recover()["failed"] == 0
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_run_a_live_worker_is_carrying_out_is_never_taken_from_it():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (one writer at a time); this is exercised on PostgreSQL in CI")
    run = left_running(minutes_ago=20)  # a long run, still going: its worker holds the row
    holding, release = threading.Event(), threading.Event()

    def live_worker():
        try:
            with transaction.atomic():
                MatchingRun.objects.select_for_update().get(pk=run.pk)
                holding.set()
                release.wait(10)
        finally:
            close_old_connections()

    thread = threading.Thread(target=live_worker)
    thread.start()
    assert holding.wait(10)
    try:
        recovered = recovery.recover()
        redelivered = services.run_execute(run_id=run.pk)  # the same task, handed out again
    finally:
        release.set()
        thread.join(30)
    assert recovered["failed"] == 0 and redelivered.status == MatchingRun.Status.RUNNING
    run.refresh_from_db()
    assert (run.status, run.attempts) == (MatchingRun.Status.RUNNING, 1)


def test_a_redelivered_task_takes_over_the_run_of_a_dead_worker():
    run = left_running(minutes_ago=20)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (MatchingRun.Status.DONE, 2)
    services.run_execute(run_id=run.pk)  # and once more: a done run is left as it is
    run.refresh_from_db()
    assert run.attempts == 2


def test_a_run_that_keeps_killing_its_worker_is_given_up(settings):
    run = left_running(minutes_ago=20, attempts=settings.MATCHING_RUN_MAX_ATTEMPTS)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.FAILED and "stopte" in run.error
    assert not run.proposals.exists()


def test_a_queued_run_that_never_reached_a_worker_is_sent_again():
    fresh = MatchingRun.objects.create()
    old = MatchingRun.objects.create()
    MatchingRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert recovery.recover()["queued"] == 1  # the worker runs it here (tests run tasks eagerly)
    assert MatchingRun.objects.get(pk=old.pk).status == MatchingRun.Status.DONE
    assert MatchingRun.objects.get(pk=fresh.pk).status == MatchingRun.Status.QUEUED  # its task may be on its way


def flagged_placement():
    need = TeacherNeedFactory()
    ambassador = ActiveAmbassadorFactory()
    proposal = Proposal.objects.create(run=MatchingRun.objects.create(), need=need, ambassador=ambassador, score=70,
                                       distance_km=3, weekday=2, day_part="morning", status="placed")
    return Placement.objects.create(proposal=proposal, need=need, ambassador=ambassador, weekday=2, day_part="morning",
                                    start_date=need.start_date, end_date=need.end_date, flagged=True)


def test_a_rematch_is_made_once_however_often_its_task_comes():
    placement = flagged_placement()
    services.rematch(placement_id=placement.pk)
    services.rematch(placement_id=placement.pk)
    assert MatchingRun.objects.filter(solver=MatchingRun.Solver.REMATCH).count() == 1
    placement.refresh_from_db()
    assert placement.rematched_at is not None
    assert recovery.recover()["rematch"] == 0


def test_a_flag_whose_rematch_never_ran_is_picked_up():
    placement = flagged_placement()
    assert recovery.recover()["rematch"] == 1
    assert MatchingRun.objects.filter(solver=MatchingRun.Solver.REMATCH).count() == 1
    placement.refresh_from_db()
    assert placement.rematched_at is not None and mail.outbox == []


def test_beat_recovers_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recover-matching-runs"]
    assert entry["task"] == "matching.tasks.recover_runs" and entry["schedule"] == 300

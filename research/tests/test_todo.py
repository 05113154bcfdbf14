"""The researcher's to-do list: recordings to delete, uploads to save, reliability rounds, and the next step of each
interview they hold; only of the studies they are on."""

import datetime as dt

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from research.models import Interview, TranscriptImport
from research.selectors.todo import for_researcher
from research.services import reliability
from research.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def pilot():
    return f.study()


def kinds(user):
    return [item.kind for item in for_researcher(user, today=TODAY).items]


def of_kind(user, kind):
    return [item for item in for_researcher(user, today=TODAY).items if item.kind == kind]


def test_a_researcher_on_no_study_has_nothing_to_do():
    assert not for_researcher(f.researcher())


def test_a_planned_interview_is_to_mark_as_held_from_its_day_on(pilot):
    lead = f.lead_of(pilot)
    teacher = f.participant(pilot)
    tomorrow = f.interview(pilot, [teacher], status=Interview.Status.PLANNED, held_on=TODAY + dt.timedelta(days=1))
    assert kinds(lead) == []
    Interview.objects.filter(pk=tomorrow.pk).update(held_on=TODAY)
    [item] = of_kind(lead, "interview_held")
    assert item.url == f"/research/studies/pilot/interviews/{tomorrow.code}/"
    assert tomorrow.code in item.text and item.detail == pilot.name


def test_each_step_of_an_interview_leads_to_where_it_is_taken(pilot):
    lead = f.lead_of(pilot)
    teacher = f.participant(pilot)
    held = f.interview(pilot, [teacher])
    transcribed = f.interview(pilot, [teacher])
    transcript = f.transcript(transcribed, [(None, "Hoe gaat het?"), (teacher, "Goed.")])
    coding = f.interview(pilot, [teacher])
    coding_transcript = f.transcript(coding, [(None, "Hoe gaat het?"), (teacher, "Prima.")])
    Interview.objects.filter(pk=coding.pk).update(status=Interview.Status.CODING)
    coded = f.interview(pilot, [teacher])
    f.transcript(coded, [(None, "Vraag"), (teacher, "Antwoord")])
    Interview.objects.filter(pk=coded.pk).update(status=Interview.Status.CODED)

    items = {item.kind: item for item in for_researcher(lead, today=TODAY).items}
    assert set(items) == {"transcript_upload", "coding_start", "coding_finish"}
    assert items["transcript_upload"].url == f"/research/studies/pilot/interviews/{held.code}/"
    assert items["coding_start"].url == f"/research/studies/pilot/transcripts/{transcript.pk}/"
    assert items["coding_finish"].url == f"/research/studies/pilot/transcripts/{coding_transcript.pk}/"


def test_an_interview_is_the_work_of_its_interviewers_or_else_of_the_lead(pilot):
    lead = f.lead_of(pilot)
    colleague = f.member(pilot)
    teacher = f.participant(pilot)
    item = f.interview(pilot, [teacher])
    assert (kinds(lead), kinds(colleague)) == (["transcript_upload"], [])
    item.interviewers.set([colleague])
    assert (kinds(lead), kinds(colleague)) == ([], ["transcript_upload"])
    item.interviewers.set([])
    assert (kinds(lead), kinds(colleague)) == (["transcript_upload"], [])


def test_a_recording_shows_a_week_before_its_delete_by_date_and_until_deleted(pilot):
    lead = f.lead_of(pilot)
    colleague = f.member(pilot)
    item = f.interview(pilot, [f.participant(pilot)])
    Interview.objects.filter(pk=item.pk).update(status=Interview.Status.CODED,
                                                recording_delete_by=TODAY + dt.timedelta(days=8))
    assert kinds(lead) == []
    Interview.objects.filter(pk=item.pk).update(recording_delete_by=TODAY + dt.timedelta(days=7))
    [soon] = of_kind(lead, "recording_delete")
    assert (soon.days, soon.urgent, soon.url) == (7, False, f"/research/studies/pilot/interviews/{item.code}/")
    assert kinds(colleague) == []  # neither its interviewer nor the lead
    Interview.objects.filter(pk=item.pk).update(recording_delete_by=TODAY - dt.timedelta(days=2))
    [late] = of_kind(lead, "recording_delete")
    assert (late.days, late.urgent) == (-2, True)
    Interview.objects.filter(pk=item.pk).update(recording_deleted_on=TODAY)
    assert kinds(lead) == []


def test_an_upload_not_saved_yet_is_for_the_one_who_uploaded_it(pilot):
    lead = f.lead_of(pilot)
    colleague = f.member(pilot)
    item = f.interview(pilot, [f.participant(pilot)])
    item.interviewers.set([])
    Interview.objects.filter(pk=item.pk).update(status=Interview.Status.CODED)
    upload = TranscriptImport.objects.create(interview=item, created_by=colleague, source_format="txt",
                                             sha256="0" * 64, turns=[])
    assert kinds(lead) == []
    [review] = of_kind(colleague, "upload_review")
    assert (review.url, review.days) == (f"/research/studies/pilot/uploads/{upload.pk}/", 0)
    TranscriptImport.objects.filter(pk=upload.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    assert of_kind(colleague, "upload_review")[0].days == 1


def test_a_round_is_for_its_coders_until_each_coded_then_for_the_lead_to_close(pilot):
    lead = f.lead_of(pilot)
    second = f.member(pilot)
    teacher = f.participant(pilot)
    item = f.interview(pilot, [teacher])
    transcript = f.transcript(item, [(None, "Wat doet de ambassadeur?"), (teacher, "Ze surveilleert bij toetsen.")])
    Interview.objects.filter(pk=item.pk).update(status=Interview.Status.CODED)
    round_ = reliability.round_create(study=pilot, actor=lead, name="Ronde 1", transcript_ids=[transcript.pk],
                                      coder_ids=[lead.pk, second.pk])
    url = f"/research/studies/pilot/rounds/{round_.pk}/"
    assert [(i.kind, i.url) for i in for_researcher(lead).items] == [("round_code", url)]
    assert [(i.kind, i.url) for i in for_researcher(second).items] == [("round_code", url)]
    f.code(transcript, second, 1, round_=round_)
    assert kinds(lead) == ["round_code"]  # the lead has not coded yet
    f.code(transcript, lead, 1, round_=round_)
    assert (kinds(lead), kinds(second)) == (["round_close"], ["round_code"])
    reliability.round_close(round_=round_)
    assert (kinds(lead), kinds(second)) == ([], [])


def test_another_studys_work_never_shows(pilot):
    outsider = f.researcher()
    item = f.interview(pilot, [f.participant(pilot)])
    item.interviewers.add(outsider)  # named as interviewer, but not on the team
    Interview.objects.filter(pk=item.pk).update(recording_delete_by=TODAY)
    assert kinds(outsider) == []
    other = f.study(lead=outsider, slug="ander")
    assert kinds(outsider) == []
    f.interview(other, [f.participant(other)])
    assert kinds(outsider) == ["transcript_upload"]


def test_the_research_home_shows_the_list(client, pilot):
    lead = f.lead_of(pilot)
    item = f.interview(pilot, [f.participant(pilot)])
    client.force_login(lead)
    body = client.get(reverse("research:dashboard")).content.decode()
    assert "Te doen" in body and f"Upload het transcript van interview {item.code}" in body
    assert f'href="/research/studies/pilot/interviews/{item.code}/"' in body


def _measure(client, user):
    client.get(reverse("research:dashboard"))
    reset_queries()  # a full log of earlier queries would hide the new ones
    with CaptureQueriesContext(connection) as page:
        body = client.get(reverse("research:dashboard")).content.decode()
    reset_queries()
    with CaptureQueriesContext(connection) as todo:
        for_researcher(user)
    return len(page), len(todo), body


def test_the_list_and_the_page_read_as_many_queries_for_ten_rows_as_for_one(client, pilot):
    lead = f.lead_of(pilot)
    teacher = f.participant(pilot)
    client.force_login(lead)
    interviews = [f.interview(pilot, [teacher])]
    Interview.objects.filter(pk=interviews[0].pk).update(recording_delete_by=TODAY)
    page_one, todo_one, body = _measure(client, lead)
    assert body.count("data-todo-item=") == 2
    for _ in range(9):
        item = f.interview(pilot, [teacher])
        Interview.objects.filter(pk=item.pk).update(recording_delete_by=TODAY)
    page_ten, todo_ten, body = _measure(client, lead)
    assert body.count("data-todo-item=") == 20
    assert (page_ten, todo_ten) == (page_one, todo_one)

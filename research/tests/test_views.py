"""The research pages through the client: who may do what, bad input, and query counts that stay flat."""

import json

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role
from research.models import (
    Coding,
    ExportLog,
    Interview,
    Participant,
    ParticipantLink,
    ReliabilityRound,
    Study,
    Theme,
    Transcript,
    TranscriptImport,
)
from research.services import codebook, reliability
from research.tests import factories
from schools.tests.factories import SchoolMembershipFactory

pytestmark = pytest.mark.django_db

LEAD_ONLY_GET = ["research:study_settings", "research:key"]
LEAD_ONLY_POST = ["research:member_change", "research:participant_link", "research:interview_placement",
                  "research:round_close"]


@pytest.fixture
def lead(db):
    return factories.researcher(first_name="Lisette", last_name="van Rossum")


@pytest.fixture
def samples(lead):
    return factories.url_samples(lead)


@pytest.fixture
def study(samples):
    return Study.objects.get(slug="matrix")


def test_the_landing_page_lists_only_the_researchers_own_studies(client, lead, samples):
    other = factories.study(slug="ander", name="Een andere studie")
    client.force_login(lead)
    body = client.get(reverse("research:dashboard")).content.decode()
    assert "Pilot vo" in body and other.name not in body


def test_a_researcher_outside_the_team_gets_404_everywhere(client, samples):
    client.force_login(factories.researcher())
    for name, kwargs in samples.items():
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (404, 405), name
        if response.status_code == 405:
            assert client.post(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_a_team_member_who_is_not_lead_cannot_open_the_key_or_manage(client, study, samples):
    other = study.members.get(role="researcher").user
    client.force_login(other)
    for name in LEAD_ONLY_GET:
        assert client.get(reverse(name, kwargs=samples[name])).status_code == 403, name
    for name in LEAD_ONLY_POST:
        assert client.post(reverse(name, kwargs=samples[name]), {"member": 1, "role": "lead"}).status_code == 403, name
    assert client.post(reverse("research:round_list", kwargs=samples["research:round_list"]), {"name": "x"}).status_code == 403
    assert "Sleutel" not in client.get(reverse("research:study_detail", kwargs={"slug": "matrix"})).content.decode()


def test_staff_see_counts_only(client, staff_user, study):
    client.force_login(staff_user)
    body = client.get(reverse("research:staff_overview")).content.decode()
    assert study.name in body
    assert "L01" not in body and "surveilleert" not in body
    client.force_login(staff_user)
    assert client.get(reverse("research:study_detail", kwargs={"slug": study.slug})).status_code == 403


def test_creating_a_study_makes_the_creator_lead_with_the_programme_themes(client, lead):
    client.force_login(lead)
    response = client.post(reverse("research:study_create"), {"name": "Eindevaluatie", "slug": "eind",
                                                              "info_letter_version": "1.0"})
    assert response.status_code == 302
    study = Study.objects.get(slug="eind")
    assert study.members.get().user == lead and study.members.get().role == "lead"
    assert study.themes.count() == 8


def test_a_taken_short_name_is_refused_and_the_input_kept(client, lead, study):
    client.force_login(lead)
    response = client.post(reverse("research:study_create"), {"name": "Dubbel", "slug": "matrix", "info_letter_version": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Deze korte naam is al in gebruik." in body and 'value="Dubbel"' in body
    assert Study.objects.count() == 1


def test_adding_participants_and_recording_consent(client, lead, study):
    client.force_login(lead)
    url = reverse("research:participant_list", kwargs={"slug": study.slug})
    assert client.post(url, {"role": "ambassador"}).status_code == 302
    response = client.post(url, {"role": "teacher", "code": "l 1"})
    assert response.status_code == 400 and 'value="l 1"' in response.content.decode()
    person = Participant.objects.get(study=study, code="OA01")
    consent_url = reverse("research:consent_record", kwargs={"slug": study.slug, "code": "OA01"})
    response = client.post(consent_url, {"recording": "on", "note": "mondeling"})
    assert response.status_code == 400 and "mondeling" in response.content.decode()
    assert client.post(consent_url, {"info_letter_version": "1.0", "recording": "on", "transcript": "on"}).status_code == 302
    person.refresh_from_db()
    assert person.consent.recording and person.consent.transcript and not person.consent.quotes


def test_marking_held_without_recording_consent_shows_why(client, lead, study):
    client.force_login(lead)
    person = factories.participant(study, recording=False)
    item = factories.interview(study, [person], status=Interview.Status.PLANNED)
    response = client.post(reverse("research:interview_status", kwargs={"slug": study.slug, "code": item.code}),
                           {"status": "held"}, follow=True)
    assert f"Geen toestemming voor opname van {person.code}" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "planned"


def test_a_bad_interview_form_keeps_the_input(client, lead, study):
    client.force_login(lead)
    response = client.post(reverse("research:interview_create", kwargs={"slug": study.slug}),
                           {"held_on": "gisteren", "format": "group", "mode": "online", "recording_location": "Map X"})
    assert response.status_code == 400 and 'value="Map X"' in response.content.decode()
    assert Interview.objects.filter(study=study).count() == 1


def test_upload_review_and_save_through_the_pages(client, lead, study):
    client.force_login(lead)
    person = factories.participant(study)
    item = factories.interview(study, [person])
    school = SchoolMembershipFactory(user__first_name="Karin", user__last_name="Smit").school
    ParticipantLink.objects.create(participant=person, school=school)
    upload_url = reverse("research:transcript_upload", kwargs={"slug": study.slug, "code": item.code})
    bad = client.post(upload_url, {"file": _file("x.pdf", b"%PDF")})
    assert bad.status_code == 400 and not TranscriptImport.objects.filter(interview=item).exists()
    response = client.post(upload_url, {"file": _file("gesprek.txt", (
        f"Interviewer: Hoe gaat het op {school.name}?\n{person.code}: Goed, Karin Smit helpt mee.").encode())})
    upload = TranscriptImport.objects.get(interview=item)
    assert response.url == reverse("research:import_review", kwargs={"slug": study.slug, "pk": upload.pk})
    page = client.get(response.url).content.decode()
    assert "<del>Karin Smit</del><ins>[Collega 1]</ins>" in page
    other = factories.researcher()
    client.force_login(other)
    assert client.get(response.url).status_code == 404  # an upload is seen by its uploader only
    client.force_login(lead)
    form = {"rows": "2", "speaker-0": "", "speaker-1": str(person.pk), "save": "1"}
    page = client.get(response.url).content.decode()
    for i in range(2):
        original = page.split(f'name="original-{i}" value="')[1].split('"')[0]
        form[f"original-{i}"] = original
        form[f"replacement-{i}"] = "[Collega 1]" if original == "Karin Smit" else "[School A]"
        form[f"accept-{i}"] = "on"
    saved = client.post(response.url, form)
    transcript = Transcript.objects.get(interview=item)
    assert saved.url == reverse("research:transcript", kwargs={"slug": study.slug, "pk": transcript.pk})
    text = " ".join(transcript.segments.values_list("text", flat=True))
    assert "Karin" not in text and school.name not in text and "[Collega 1] helpt mee" in text


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _coding_url(study, transcript, name="research:codings_add"):
    return reverse(name, kwargs={"slug": study.slug, "pk": transcript.pk})


def test_coding_with_a_browser_selection_and_undo(client, lead, study):
    client.force_login(lead)
    transcript = Transcript.objects.get(interview__study=study)
    turn = transcript.segments.get(index=2)  # "Ze surveilleert."
    theme = factories.theme(study, "Extra handen")
    selection = json.dumps([{"segment": turn.pk, "start": 3, "end": 15}])
    response = client.post(_coding_url(study, transcript), {"selection": selection, "themes": [theme.pk], "stance": "positive"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="turn-{turn.pk}" hx-swap-oob="true"' in body and "Ongedaan maken" in body
    coding = Coding.objects.get()
    assert (coding.quote, coding.stance, coding.coder) == ("surveilleert", "positive", lead)
    response = client.post(_coding_url(study, transcript, "research:codings_remove"), {"codings": str(coding.pk)},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and not Coding.objects.exists()


@pytest.mark.parametrize("data", [
    {"selection": "niet json", "themes": ["THEME"]},
    {"selection": json.dumps([{"segment": "TURN", "start": 0, "end": 999}]), "themes": ["THEME"]},
    {"selection": json.dumps([{"segment": "TURN", "start": -1, "end": 3}]), "themes": ["THEME"]},
    {"selection": json.dumps([{"segment": "TURN", "start": 0, "end": 3}]), "themes": []},
    {"selection": json.dumps([{"segment": "TURN", "start": 0, "end": 3}]), "themes": ["999999"]},
    {"selection": "", "segment": "TURN", "words": "staat er niet", "themes": ["THEME"]},
])
def test_bad_codings_are_refused_with_a_message_and_nothing_saved(client, lead, study, data):
    client.force_login(lead)
    transcript = Transcript.objects.get(interview__study=study)
    turn, theme = transcript.segments.get(index=2), factories.theme(study, "Extra handen")
    post = {k: ([str(theme.pk) if v == "THEME" else v for v in value] if isinstance(value, list)
                else value.replace('"TURN"', str(turn.pk)).replace("TURN", str(turn.pk))) for k, value in data.items()}
    htmx = client.post(_coding_url(study, transcript), post, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400 and 'role="alert"' in htmx.content.decode()
    plain = client.post(_coding_url(study, transcript), post)
    assert plain.status_code == 400
    if post.get("words"):
        assert 'value="staat er niet"' in plain.content.decode()
    assert not Coding.objects.exists()


def test_coding_without_script_by_the_words_of_a_turn(client, lead, study):
    client.force_login(lead)
    transcript = Transcript.objects.get(interview__study=study)
    turn = transcript.segments.get(index=2)
    response = client.post(_coding_url(study, transcript), {"segment": turn.pk, "words": "surveilleert",
                                                            "themes": [factories.theme(study, "Werkplezier").pk]})
    assert response.status_code == 302 and response.url.endswith(f"#turn-{turn.pk}")
    assert Coding.objects.get().quote == "surveilleert"


def test_an_earlier_version_cannot_be_coded(client, lead, study):
    client.force_login(lead)
    transcript = Transcript.objects.get(interview__study=study)
    turn = transcript.segments.get(index=2)
    response = client.post(reverse("research:transcript_correct", kwargs={"slug": study.slug, "pk": transcript.pk}),
                           {f"turn-{turn.pk}": "Ze surveilleert bij toetsen."})
    assert response.status_code == 400  # an open round codes this transcript
    assert "Ze surveilleert bij toetsen." in response.content.decode()
    reliability.round_close(round_=ReliabilityRound.objects.get(study=study))
    response = client.post(reverse("research:transcript_correct", kwargs={"slug": study.slug, "pk": transcript.pk}),
                           {f"turn-{turn.pk}": "Ze surveilleert bij toetsen.", "note": "aanvulling"})
    assert response.status_code == 302
    response = client.post(_coding_url(study, transcript), {"segment": turn.pk, "themes": [factories.theme(study, "Werkplezier").pk]})
    assert response.status_code == 400 and not Coding.objects.exists()
    response = client.post(reverse("research:transcript_correct", kwargs={"slug": study.slug, "pk": transcript.pk}), {})
    assert response.status_code == 400


def test_codebook_pages(client, lead, study):
    client.force_login(lead)
    url = reverse("research:codebook", kwargs={"slug": study.slug})
    response = client.post(url, {"name": "werkplezier", "colour": "#123456", "definition": "dubbel"})
    assert response.status_code == 400 and "dubbel" in response.content.decode()
    assert client.post(url, {"name": "Collegialiteit", "colour": "#123456"}).status_code == 302
    new = Theme.objects.get(study=study, name="Collegialiteit")
    target = factories.theme(study, "Werkplezier")
    merge = reverse("research:theme_merge", kwargs={"slug": study.slug, "pk": new.pk})
    assert client.post(merge, {"target": target.pk}).status_code == 302
    new.refresh_from_db()
    assert new.merged_into == target
    bad = client.post(reverse("research:codebook_import", kwargs={"slug": study.slug}), {"file": _file("x.qdc", b"<kapot")})
    assert bad.status_code == 400
    detail = client.get(reverse("research:theme_detail", kwargs={"slug": study.slug, "pk": target.pk})).content.decode()
    assert "samengevoegd" in detail


def test_a_round_through_the_pages(client, lead, study):
    client.force_login(lead)
    second = study.members.get(role="researcher").user
    transcript = Transcript.objects.get(interview__study=study)
    response = client.post(reverse("research:round_list", kwargs={"slug": study.slug}),
                           {"name": "Ronde 2", "transcripts": [transcript.pk], "coders": [lead.pk]})
    assert response.status_code == 400 and 'value="Ronde 2"' in response.content.decode()
    response = client.post(reverse("research:round_list", kwargs={"slug": study.slug}),
                           {"name": "Ronde 2", "transcripts": [transcript.pk], "coders": [lead.pk, second.pk]})
    round_ = ReliabilityRound.objects.get(name="Ronde 2")
    turn = transcript.segments.get(index=2)
    theme = factories.theme(study, "Werkplezier")
    client.post(_coding_url(study, transcript), {"selection": json.dumps([{"segment": turn.pk, "start": 0, "end": 2}]),
                                                 "themes": [theme.pk], "round": round_.pk})
    assert Coding.objects.get().round == round_
    page = client.get(reverse("research:round_detail", kwargs={"slug": study.slug, "pk": round_.pk})).content.decode()
    assert "1 beurt gecodeerd" in page and "Ze" not in page.split("Voortgang")[1]
    client.post(reverse("research:round_close", kwargs={"slug": study.slug, "pk": round_.pk}))
    page = client.get(reverse("research:round_detail", kwargs={"slug": study.slug, "pk": round_.pk})).content.decode()
    assert "Consensusoverleg" in page and f'id="unit-{turn.pk}-{theme.pk}"' in page
    client.post(reverse("research:round_consensus", kwargs={"slug": study.slug, "pk": round_.pk}),
                {"segment": turn.pk, "theme": theme.pk, "decision": "apply"})
    assert Coding.objects.filter(round=None, origin="consensus", quote="Ze").exists()


def test_exports_download_and_are_logged(client, lead, study):
    client.force_login(lead)
    for fmt in ExportLog.Format.values:
        response = client.post(reverse("research:export_download", kwargs={"slug": study.slug, "fmt": fmt}))
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert client.post(reverse("research:export_download", kwargs={"slug": study.slug, "fmt": "pdf"})).status_code == 404
    assert set(ExportLog.objects.values_list("format", flat=True)) == set(ExportLog.Format.values)
    assert set(ExportLog.objects.values_list("user", flat=True)) == {lead.pk}
    assert AuditEvent.objects.filter(action="research.exported", actor=lead).count() == len(ExportLog.Format.values)
    assert "Codeerwerk als CSV" in client.get(reverse("research:exports", kwargs={"slug": study.slug})).content.decode()


PAGES = ["research:dashboard", "research:study_detail", "research:participant_list", "research:interview_list",
         "research:codebook", "research:reports", "research:quotes", "research:memos", "research:round_list",
         "research:exports", "research:team", "research:key"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_keep_a_flat_query_count_from_10_to_200_interviews(client, lead, study, name, django_assert_max_num_queries):
    client.force_login(lead)
    kwargs = {} if name == "research:dashboard" else {"slug": study.slug}
    factories.bulk(study, 10)
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
    factories.bulk(study, 190, seed=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_the_coding_page_keeps_a_flat_query_count(client, lead, study, django_assert_max_num_queries):
    client.force_login(lead)
    transcript = Transcript.objects.get(interview__study=study)
    url = reverse("research:transcript", kwargs={"slug": study.slug, "pk": transcript.pk})
    factories.code(transcript, lead, 2, words="surveilleert")
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    teacher = Participant.objects.get(study=study, code="L01")
    for index in range(3, 60):
        transcript.segments.create(index=index, speaker="L01", participant=teacher, text=f"Beurt {index} met meer tekst.")
    for segment in transcript.segments.filter(index__gt=2):
        Coding.objects.create(segment=segment, theme=factories.theme(study, "Werkplezier"), coder=lead, start=0,
                              end=2, quote=segment.text[:2])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_role_of_visitors_other_than_researchers_is_refused(client, users_by_role, study):
    for role, user in users_by_role.items():
        if role == Role.RESEARCHER:
            continue
        client.force_login(user)
        assert client.get(reverse("research:study_detail", kwargs={"slug": study.slug})).status_code == 403


JUNK = [{}, {"role": "x", "member": "abc", "status": "nope", "placement": "-1", "decision": "maybe", "segment": "x",
             "theme": "y", "codings": "a,b", "target": "0", "file": "", "email": "geen-adres", "name": "x" * 500,
             "participant": "999999", "body": "", "rows": "99999999999", "speaker-0": "abc", "save": "1"}]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_posted_to_every_research_action_never_fails_and_changes_nothing(client, lead, samples, junk):
    client.force_login(lead)
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_app_config("research").get_models()
                if m._meta.model_name not in ("exportlog",)}

    before = counts()
    for name, kwargs in samples.items():
        if name in ("research:export_download",):
            continue
        response = client.post(reverse(name, kwargs=kwargs), junk)
        assert response.status_code in (200, 302, 400, 403), (name, response.status_code)
    assert counts() == before


def test_detail_pages_keep_a_flat_query_count(client, lead, study, samples, django_assert_max_num_queries):
    from research.services import coding, participants

    client.force_login(lead)
    person = Participant.objects.get(study=study, code="L01")
    interview = Interview.objects.get(study=study)
    theme = factories.theme(study, "Werkplezier")
    urls = [reverse(n, kwargs=samples[n]) for n in ("research:participant_detail", "research:interview_detail",
                                                    "research:theme_detail", "research:round_detail",
                                                    "research:import_review")]
    small = {}
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url).status_code == 200
        small[url] = len(captured.captured_queries)
    for index in range(15):
        participants.consent_record(participant=person, actor=lead, info_letter_version=f"1.{index}", recording=True,
                                    transcript=True, quotes=True, linking=True)
        coding.memo_create(study=study, author=lead, body=f"Memo {index}", target=interview)
        coding.memo_create(study=study, author=lead, body=f"Memo {index}", target=person)
        coding.memo_create(study=study, author=lead, body=f"Memo {index}", target=theme)
        codebook.theme_update(theme=theme, actor=lead, definition=f"Definitie {index}")
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200


def test_a_closed_round_page_keeps_a_flat_query_count(client, lead, study, django_assert_max_num_queries):
    from research.services import coding

    client.force_login(lead)
    round_ = ReliabilityRound.objects.get(study=study)
    transcript = round_.transcripts.get()
    second = study.members.get(role="researcher").user
    turn = transcript.segments.get(index=2)
    coding.codings_add(transcript=transcript, coder=lead, round_id=round_.pk, spans=[coding.Span(turn.pk)],
                       theme_ids=[factories.theme(study, "Werkplezier").pk])
    reliability.round_close(round_=round_)
    url = reverse("research:round_detail", kwargs={"slug": study.slug, "pk": round_.pk})
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    teacher = Participant.objects.get(study=study, code="L01")
    themes = list(round_.themes.all())
    for index in range(3, 40):
        segment = transcript.segments.create(index=index, speaker="L01", participant=teacher, text=f"Beurt {index}.")
        coder = lead if index % 2 else second
        Coding.objects.create(segment=segment, theme=themes[index % len(themes)], coder=coder, round=round_, start=0,
                              end=5, quote=segment.text[:5])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200

"""Staff's pages of matching tell the whole story: a run lists the proposals it made as they stand now, and the
"who else?" page of a need shows whoever is proposed for that very need as proposed, not as excluded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ambassadors.models import AvailabilitySlot
from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import MatchingRun, Placement, Proposal
from matching.tests.factories import make_placement
from schools.tests.factories import SchoolFactory, TeacherNeedFactory

pytestmark = pytest.mark.django_db


def propose(need, ambassador, *, run=None, status=Proposal.Status.PROPOSED, score=60, weekday=2, **fields):
    return Proposal.objects.create(run=run or MatchingRun.objects.create(status=MatchingRun.Status.DONE), need=need,
                                   ambassador=ambassador, score=score, distance_km=2, weekday=weekday,
                                   day_part=need.day_part, status=status, **fields)


def done_run(**fields):
    return MatchingRun.objects.create(status=MatchingRun.Status.DONE, finished_at=timezone.now(), **fields)


# --- The run page -----------------------------------------------------------------------------------------------


def test_the_run_page_lists_its_proposals_with_their_state_and_reasons(client, staff_user):
    run = done_run(ambassadors=12, needs=3, proposals_made=3, optimal_total=180)
    waiting = propose(TeacherNeedFactory(title="Rekenen groep 5"), ActiveAmbassadorFactory(user__first_name="Sanne"),
                      run=run, score=71)
    declined = propose(TeacherNeedFactory(title="Surveilleren toetsweek"), ActiveAmbassadorFactory(user__first_name="Bram"),
                       run=run, status=Proposal.Status.DECLINED, school_response="declined",
                       school_reason="We zoeken iemand voor de bovenbouw")
    placed = make_placement(run=run).proposal
    other_run = propose(TeacherNeedFactory(title="Leesclub"), ActiveAmbassadorFactory(), run=done_run())
    client.force_login(staff_user)
    body = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    for proposal in (waiting, declined, placed):
        assert f'id="proposal-{proposal.pk}"' in body
        assert escape(proposal.need.title) in body
    assert "Leesclub" not in body and f'id="proposal-{other_run.pk}"' not in body
    assert "Voorgesteld" in body and "Geplaatst" in body
    assert "De school wees af: We zoeken iemand voor de bovenbouw" in body
    assert "Voorgesteld: 1 · Geplaatst: 1 · Afgewezen door school of ambassadeur: 1" in body  # the states, counted
    assert "12 ambassadeurs · 3 hulpvragen" in body


@pytest.mark.parametrize("filled,expected", [(1, "1 hulpvraag ingevuld"), (2, "2 hulpvragen ingevuld"),
                                             (0, "0 hulpvragen ingevuld")])
def test_the_run_page_counts_in_proper_dutch(client, staff_user, filled, expected):
    run = done_run(ambassadors=1, needs=1, proposals_made=filled, optimal_total=60, greedy_total=50, greedy_filled=filled)
    client.force_login(staff_user)
    body = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert body.count(expected) == 2  # the optimum and greedy beside it
    assert ("1 ambassadeur ·" in body) and ("· 1 hulpvraag<" in body)


def test_a_run_still_running_shows_no_list_yet_and_its_last_poll_brings_the_list(client, staff_user):
    run = MatchingRun.objects.create(status=MatchingRun.Status.RUNNING)
    client.force_login(staff_user)
    body = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "De voorstellen verschijnen hier zodra de run klaar is." in body
    poll = client.get(reverse("matching:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" in poll and "run-proposals" not in poll  # still running: only the status is refreshed
    proposal = propose(TeacherNeedFactory(title="Rekenen groep 5"), ActiveAmbassadorFactory(), run=run)
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRun.Status.DONE, proposals_made=1)
    poll = client.get(reverse("matching:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in poll and "<html" not in poll
    assert 'id="run-proposals" aria-labelledby="run-proposals-title" hx-swap-oob="true"' in poll
    assert f'id="proposal-{proposal.pk}"' in poll


def test_a_run_without_proposals_says_so(client, staff_user):
    run = done_run()
    client.force_login(staff_user)
    assert "Deze run deed geen voorstellen." in client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()


def test_the_run_page_is_paged(client, staff_user):
    run = done_run(proposals_made=31)
    for score in range(31):
        propose(TeacherNeedFactory(), ActiveAmbassadorFactory(), run=run, score=score)
    client.force_login(staff_user)
    first = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert first.count('id="proposal-') == 30 and "Pagina 1 van 2" in first
    second = client.get(reverse("matching:run_detail", args=[run.pk]), {"page": "2"}).content.decode()
    assert second.count('id="proposal-') == 1
    assert client.get(reverse("matching:run_detail", args=[run.pk]), {"page": "x"}).status_code == 200


def test_the_run_page_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    run = done_run()
    client.force_login(staff_user)
    url = reverse("matching:run_detail", args=[run.pk])

    def add(n):
        for _ in range(n):
            propose(TeacherNeedFactory(), ActiveAmbassadorFactory(), run=run, status=Proposal.Status.DECLINED,
                    ambassador_response="declined", ambassador_reason="Te ver")

    add(1)
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count('id="proposal-') == 10


# --- The board, for one need --------------------------------------------------------------------------------------


def test_the_board_shows_one_needs_open_proposals_when_asked(client, staff_user):
    need, other = TeacherNeedFactory(title="Rekenen groep 5"), TeacherNeedFactory(title="Leesclub")
    mine = propose(need, ActiveAmbassadorFactory())
    theirs = propose(other, ActiveAmbassadorFactory())
    client.force_login(staff_user)
    body = client.get(reverse("matching:board"), {"need": need.pk}).content.decode()
    assert f'id="proposal-{mine.pk}"' in body and f'id="proposal-{theirs.pk}"' not in body
    assert "Alleen de open voorstellen voor één hulpvraag staan hier." in body
    everything = client.get(reverse("matching:board")).content.decode()
    assert f'id="proposal-{theirs.pk}"' in everything and "voor één hulpvraag" not in everything
    bad = client.get(reverse("matching:board"), {"need": "abc"})  # a mangled link shows the whole board
    assert bad.status_code == 200 and f'id="proposal-{theirs.pk}"' in bad.content.decode()


# --- "Who else?" for one need -------------------------------------------------------------------------------------


@pytest.fixture
def need_scene():
    """A Tuesday-morning need in Utrecht and two ambassadors nearby who are free then."""
    school = SchoolFactory(name="OBS De Klimop", latitude=52.0907, longitude=5.1214)
    start = timezone.localdate() + datetime.timedelta(days=14)
    need = TeacherNeedFactory(school=school, title="Leesondersteuning groep 4", task_types=["classroom"], weekdays=[2],
                              day_part="morning", start_date=start, end_date=start + datetime.timedelta(days=90),
                              school_year=start.year if start.month >= 8 else start.year - 1)
    people = []
    for name, lat in (("Sanne", 52.10), ("Noor", 52.095)):
        profile = ActiveAmbassadorFactory(user__first_name=name, latitude=lat, longitude=5.13, max_distance_km=10,
                                          preferred_tasks=["classroom"], school_types=["po"])
        AvailabilitySlot.objects.create(profile=profile, weekday=2, part="morning")
        people.append(profile)
    return need, *people


def row_of(body, profile):
    """The table row of the nearest ambassadors that names this ambassador."""
    marker = f'href="{reverse("ambassadors:staff_detail", args=[profile.pk])}"'
    start = body.rindex("<tr>", 0, body.rindex(marker))
    return body[start:body.index("</tr>", start)]


@pytest.mark.parametrize("status", [Proposal.Status.PROPOSED, Proposal.Status.APPROVED])
def test_who_else_shows_the_ambassador_proposed_for_this_need_as_proposed(client, staff_user, need_scene, status):
    need, sanne, noor = need_scene
    proposal = propose(need, sanne, status=status)
    client.force_login(staff_user)
    body = client.get(reverse("matching:need_exclusions", args=[need.pk])).content.decode()
    row = row_of(body, sanne)
    assert "heeft al zoveel plaatsingen" not in body and "niet beschikbaar op dat dagdeel" not in row
    assert proposal.get_status_display() in row
    link = f'{reverse("matching:board")}?need={need.pk}#proposal-{proposal.pk}'
    assert f'href="{link}"' in row
    assert "komt in aanmerking" in row_of(body, noor)  # the other one is still a candidate


def test_who_else_shows_a_running_placement_at_this_need_as_placed(client, staff_user, need_scene):
    need, sanne, _noor = need_scene
    placement = make_placement(school=need.school, ambassador=sanne)
    Proposal.objects.filter(pk=placement.proposal_id).update(need=need)
    Placement.objects.filter(pk=placement.pk).update(need=need)
    client.force_login(staff_user)
    row = row_of(client.get(reverse("matching:need_exclusions", args=[need.pk])).content.decode(), sanne)
    assert "Geplaatst" in row and reverse("matching:placement_detail", args=[placement.pk]) in row


def test_who_else_shows_a_declined_ambassador_with_the_reason_not_as_proposed(client, staff_user, need_scene):
    need, sanne, _noor = need_scene
    propose(need, sanne, status=Proposal.Status.DECLINED, ambassador_response="declined",
            ambassador_reason="Ik kan toch niet op dinsdag")
    client.force_login(staff_user)
    body = client.get(reverse("matching:need_exclusions", args=[need.pk])).content.decode()
    row = row_of(body, sanne)
    assert "komt in aanmerking" in row  # free again as far as the rules go
    assert "Eerder voor deze hulpvraag: afgewezen door school of ambassadeur" in row
    assert "De ambassadeur wees af: Ik kan toch niet op dinsdag" in row
    assert "?need=" not in row


def test_who_else_lists_every_proposal_for_the_need_and_keeps_its_speed(client, staff_user, need_scene,
                                                                        django_assert_max_num_queries):
    need, sanne, noor = need_scene
    client.force_login(staff_user)
    url = reverse("matching:need_exclusions", args=[need.pk])
    assert "Er is nog geen ambassadeur voor deze hulpvraag voorgesteld." in client.get(url).content.decode()
    propose(need, noor, status=Proposal.Status.REJECTED, reject_reason="Woont te ver voor de winter")
    with django_assert_max_num_queries(25) as one:
        body = client.get(url).content.decode()
    assert "Medewerkers: Woont te ver voor de winter" in body
    for _ in range(9):
        propose(need, ActiveAmbassadorFactory(latitude=52.3, longitude=5.6), status=Proposal.Status.LAPSED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("Vervallen: niet op tijd beantwoord") == 9

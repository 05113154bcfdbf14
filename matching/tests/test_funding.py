"""Funding schemes: places per region and school year, placements counted against them, places used and left."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.urls import reverse

from accounts.models import AuditEvent
from matching import funding
from matching.models import FundingScheme, Placement
from matching.tests.factories import make_placement
from schools.tests.factories import RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def scheme():
    region = RegionFactory(name="Utrecht", slug="utrecht")
    return FundingScheme.objects.create(name="Subsidie onderwijsregio", funder="Onderwijsregio Midden-Nederland",
                                        region=region, school_year=YEAR, places=2)


def placements_in(region, n, year=YEAR):
    school = SchoolFactory(region=region)
    return [make_placement(school=school, year=year) for _ in range(n)]


def test_placements_count_against_a_scheme_until_its_places_are_used(scheme, staff_user):
    first, second, third = placements_in(scheme.region, 3)
    assert funding.funding_assign(scheme_id=scheme.pk, placement_ids=[first.pk], actor=staff_user) == 1
    assert funding.funding_assign(scheme_id=scheme.pk, placement_ids=[first.pk, second.pk], actor=staff_user) == 1
    with pytest.raises(ValidationError, match="geen plekken meer"):
        funding.funding_assign(scheme_id=scheme.pk, placement_ids=[third.pk], actor=staff_user)
    assert list(scheme.placements.order_by("pk")) == [first, second]


def test_too_many_at_once_adds_none(scheme, staff_user):
    placements = placements_in(scheme.region, 3)
    with pytest.raises(ValidationError, match="nog maar 2 plekken"):
        funding.funding_assign(scheme_id=scheme.pk, placement_ids=[p.pk for p in placements], actor=staff_user)
    assert not scheme.placements.exists()


@pytest.mark.parametrize("which", ["other region", "other year", "other scheme"])
def test_only_placements_of_its_region_and_year_that_count_against_no_other_scheme(scheme, staff_user, which):
    if which == "other region":
        [placement] = placements_in(RegionFactory(), 1)
    elif which == "other year":
        [placement] = placements_in(scheme.region, 1, year=YEAR + 1)
    else:
        [placement] = placements_in(scheme.region, 1)
        other = FundingScheme.objects.create(name="Gemeente", region=scheme.region, school_year=YEAR, places=5)
        Placement.objects.filter(pk=placement.pk).update(funding_scheme=other)
    with pytest.raises(ValidationError):
        funding.funding_assign(scheme_id=scheme.pk, placement_ids=[placement.pk], actor=staff_user)
    assert not scheme.placements.exists()


def test_removing_a_placement_frees_its_place(scheme, staff_user):
    [placement] = placements_in(scheme.region, 1)
    funding.funding_assign(scheme_id=scheme.pk, placement_ids=[placement.pk], actor=staff_user)
    funding.funding_unassign(scheme_id=scheme.pk, placement_id=placement.pk, actor=staff_user)
    assert not scheme.placements.exists()
    with pytest.raises(ValidationError):
        funding.funding_unassign(scheme_id=scheme.pk, placement_id=placement.pk, actor=staff_user)


def _data(scheme, **changes):
    data = {name: getattr(scheme, name) for name in funding.SCHEME_FIELDS}
    return {**data, **changes}


def test_a_scheme_keeps_at_least_as_many_places_as_are_used_and_its_region_and_year(scheme, staff_user):
    placements = placements_in(scheme.region, 2)
    funding.funding_assign(scheme_id=scheme.pk, placement_ids=[p.pk for p in placements], actor=staff_user)
    with pytest.raises(ValidationError) as error:
        funding.funding_scheme_save(scheme=scheme, actor=staff_user, data=_data(scheme, places=1))
    assert "places" in error.value.message_dict
    with pytest.raises(ValidationError, match="haal ze eraf"):
        funding.funding_scheme_save(scheme=scheme, actor=staff_user, data=_data(scheme, school_year=YEAR + 1))
    saved = funding.funding_scheme_save(scheme=scheme, actor=staff_user, data=_data(scheme, places=27))
    assert FundingScheme.objects.get(pk=saved.pk).places == 27
    assert list(AuditEvent.objects.filter(target_id=str(scheme.pk)).order_by("id").values_list("action", "actor")) == [
        ("funding_scheme.placements_added", staff_user.pk), ("funding_scheme.saved", staff_user.pk)]


@pytest.mark.django_db(transaction=True)
def test_two_staff_members_taking_the_last_place_at_once_cannot_both_succeed(staff_user):
    """The first takes the last place and has not committed yet; the second must wait for it and then be refused."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; this race is exercised on PostgreSQL in CI")
    region = RegionFactory()
    scheme = FundingScheme.objects.create(name="Subsidie", region=region, school_year=YEAR, places=1)
    first, second = placements_in(region, 2)
    took, release, results = threading.Event(), threading.Event(), {}

    def take(name, placement, wait_for=None):
        try:
            if wait_for:
                wait_for.wait(10)
            with transaction.atomic():
                funding.funding_assign(scheme_id=scheme.pk, placement_ids=[placement.pk], actor=staff_user)
                if name == "first":
                    took.set()
                    release.wait(10)
            results[name] = "ok"
        except ValidationError as exc:
            results[name] = exc.messages[0]
        finally:
            close_old_connections()

    threads = [threading.Thread(target=take, args=("first", first)),
               threading.Thread(target=take, args=("second", second, took))]
    for t in threads:
        t.start()
    time.sleep(1)  # the second has asked for the scheme by now, while the first still holds it
    release.set()
    for t in threads:
        t.join(30)
    assert results["first"] == "ok" and results["second"] != "ok"
    assert scheme.placements.count() == 1


# --- Pages ----------------------------------------------------------------------------------


def test_staff_see_places_used_and_left(client, staff_user, scheme):
    [placement] = placements_in(scheme.region, 1)
    Placement.objects.filter(pk=placement.pk).update(funding_scheme=scheme)
    client.force_login(staff_user)
    body = client.get(reverse("matching:funding_list")).content.decode()
    assert "Subsidie onderwijsregio" in body and "Onderwijsregio Midden-Nederland" in body
    response = client.get(reverse("matching:funding_detail", args=[scheme.pk]))
    assert (response.context["scheme"].places, response.context["scheme"].used, response.context["scheme"].left) == (2, 1, 1)
    assert placement.ambassador.user.get_full_name() in response.content.decode()


def test_a_full_scheme_offers_no_placements_to_add(client, staff_user, scheme):
    placements = placements_in(scheme.region, 3)
    Placement.objects.filter(pk__in=[p.pk for p in placements[:2]]).update(funding_scheme=scheme)
    client.force_login(staff_user)
    body = client.get(reverse("matching:funding_detail", args=[scheme.pk])).content.decode()
    assert "Alle plekken zijn gebruikt" in body
    assert f'action="{reverse("matching:funding_add", args=[scheme.pk])}"' not in body


def test_staff_add_and_remove_placements(client, staff_user, scheme):
    first, second = placements_in(scheme.region, 2)
    client.force_login(staff_user)
    response = client.post(reverse("matching:funding_add", args=[scheme.pk]), {"placements": [first.pk, second.pk]})
    assert response.status_code == 302 and scheme.placements.count() == 2
    response = client.post(reverse("matching:funding_remove", args=[scheme.pk, first.pk]))
    assert response.status_code == 302 and list(scheme.placements.all()) == [second]


def test_adding_more_than_is_left_keeps_the_choice_and_saves_nothing(client, staff_user, scheme):
    placements = placements_in(scheme.region, 3)
    client.force_login(staff_user)
    response = client.post(reverse("matching:funding_add", args=[scheme.pk]), {"placements": [p.pk for p in placements]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nog maar 2 plekken" in body
    assert body.count("checked") == 3  # the choice is kept
    assert not scheme.placements.exists()


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_adding_a_placement_that_is_not_on_offer_is_refused(client, staff_user, scheme, value):
    client.force_login(staff_user)
    response = client.post(reverse("matching:funding_add", args=[scheme.pk]), {"placements": [value]})
    assert response.status_code == 400 and not scheme.placements.exists()


def test_staff_create_a_scheme_and_bad_input_keeps_the_form(client, staff_user):
    region = RegionFactory()
    client.force_login(staff_user)
    data = {"name": "Subsidie onderwijsregio", "funder": "Onderwijsregio", "region": region.pk, "school_year": YEAR,
            "places": "27", "notes": ""}
    response = client.post(reverse("matching:funding_create"), {**data, "places": "0"})
    assert response.status_code == 400 and 'value="Subsidie onderwijsregio"' in response.content.decode()
    assert not FundingScheme.objects.exists()
    response = client.post(reverse("matching:funding_create"), data)
    scheme = FundingScheme.objects.get()
    assert response.url == reverse("matching:funding_detail", args=[scheme.pk])
    assert (scheme.places, scheme.school_year, scheme.region) == (27, YEAR, region)
    response = client.post(reverse("matching:funding_create"), data)  # the same name again
    assert response.status_code == 400 and "al een regeling met deze naam" in response.content.decode()


def test_lowering_places_below_those_used_is_shown_on_the_form(client, staff_user, scheme):
    placements = placements_in(scheme.region, 2)
    Placement.objects.filter(pk__in=[p.pk for p in placements]).update(funding_scheme=scheme)
    client.force_login(staff_user)
    response = client.post(reverse("matching:funding_edit", args=[scheme.pk]),
                           {"name": scheme.name, "funder": "", "region": scheme.region.pk, "school_year": YEAR,
                            "places": "1", "notes": ""})
    assert response.status_code == 400 and "minstens zoveel plekken" in response.content.decode()
    assert FundingScheme.objects.get(pk=scheme.pk).places == 2


def test_an_unknown_scheme_is_not_found(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("matching:funding_detail", args=[404])).status_code == 404


@pytest.mark.parametrize("url_name", ["matching:funding_list", "matching:funding_detail"])
def test_funding_pages_query_count_is_flat(client, staff_user, scheme, django_assert_max_num_queries, url_name):
    client.force_login(staff_user)
    args = [scheme.pk] if url_name == "matching:funding_detail" else []

    def grow(n):
        for placement in placements_in(scheme.region, n):
            if url_name == "matching:funding_list":
                FundingScheme.objects.create(name=f"Regeling {placement.pk}", region=scheme.region, school_year=YEAR,
                                             places=3)

    grow(3)
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse(url_name, args=args)).status_code == 200
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name, args=args)).status_code == 200

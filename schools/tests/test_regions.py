import json

import pytest
from django.urls import reverse

from schools import geo
from schools.models import Region, RegionPostcodeRange
from schools.tests.factories import RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_staff_create_a_region_by_postcode_range_and_municipality(client, staff_user):
    orphan = SchoolFactory(region=None, postcode="5211 AB", city="'s-Hertogenbosch")
    client.force_login(staff_user)
    response = client.post(reverse("schools:region_create"), {
        "name": "Den Bosch", "holiday_region": "zuid", "municipalities": "'s-Hertogenbosch\nVught\nVught",
        "postcode_ranges": "5200-5249\n5260",
    }, follow=True)
    region = Region.objects.get(name="Den Bosch")
    assert region.municipalities == ["'s-Hertogenbosch", "Vught"]
    assert list(region.postcode_ranges.values_list("start", "end")) == [(5200, 5249), (5260, 5260)]
    orphan.refresh_from_db()
    assert orphan.region == region
    assert "Scholen die er nu in vallen: 1." in response.content.decode()


def test_saving_a_region_places_its_schools_with_a_flat_query_count(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    data = {"name": "Den Bosch", "holiday_region": "zuid", "municipalities": "Vught",
            "postcode_ranges": "\n".join(str(pc) for pc in range(5200, 5240, 2))}
    region = RegionFactory(name="Den Bosch")
    url = reverse("schools:region_edit", args=[region.pk])
    SchoolFactory.create_batch(2, region=None, postcode="5212 AB", city="'s-Hertogenbosch")
    with django_assert_max_num_queries(25) as small:
        assert client.post(url, data).status_code == 302
    SchoolFactory.create_batch(30, region=None, postcode="5212 AB", city="'s-Hertogenbosch")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.post(url, data).status_code == 302
    assert region.schools.count() == 32


@pytest.mark.parametrize("ranges,error", [
    ("3500-3400", "ligt het einde voor het begin"),
    ("35xx", "is geen postcodebereik"),
    ("3500-3585\n3580-3600", "overlappen"),
    ("3000-3100", "overlapt"),
])
def test_bad_ranges_are_refused_and_nothing_saved(client, staff_user, ranges, error):
    rotterdam = RegionFactory(name="Rotterdam", slug="rotterdam")
    RegionPostcodeRange.objects.create(region=rotterdam, start=3000, end=3089)
    client.force_login(staff_user)
    response = client.post(reverse("schools:region_create"), {
        "name": "Utrecht", "holiday_region": "midden", "municipalities": "Utrecht", "postcode_ranges": ranges})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert 'value="Utrecht"' in response.content.decode()
    assert not Region.objects.filter(name="Utrecht").exists()


def test_duplicate_region_name_is_refused(client, staff_user):
    RegionFactory(name="Almere", slug="almere")
    client.force_login(staff_user)
    response = client.post(reverse("schools:region_create"), {"name": "almere", "holiday_region": "noord"})
    assert response.status_code == 400
    assert "Er is al een regio met deze naam." in response.content.decode()


def test_edit_keeps_the_region_and_replaces_ranges(client, staff_user):
    region = RegionFactory(name="Almere", slug="almere")
    RegionPostcodeRange.objects.create(region=region, start=1300, end=1365)
    client.force_login(staff_user)
    page = client.get(reverse("schools:region_edit", args=[region.pk])).content.decode()
    assert "1300-1365" in page
    client.post(reverse("schools:region_edit", args=[region.pk]),
                {"name": "Almere", "holiday_region": "noord", "postcode_ranges": "1300-1369"})
    assert list(region.postcode_ranges.values_list("start", "end")) == [(1300, 1369)]


def test_region_list_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for n in range(5):
        RegionPostcodeRange.objects.create(region=RegionFactory(), start=1000 + n * 10, end=1005 + n * 10)
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("schools:region_list"))
    for n in range(5, 60):
        RegionPostcodeRange.objects.create(region=RegionFactory(), start=1000 + n * 10, end=1005 + n * 10)
        SchoolFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("schools:region_list")).status_code == 200


def test_school_list_query_count_is_flat(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for _ in range(10):
        SchoolFactory()
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("schools:school_list"))
    for _ in range(190):
        SchoolFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(reverse("schools:school_list")).content.decode()
    assert "Pagina 1 van 8" in body


# --- Geography ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw,expected", [("3511ab", "3511 AB"), (" 3511 AB ", "3511 AB"), ("0123 AB", None),
                                          ("3511 SS", None), ("351 AB", None), ("", None)])
def test_postcode_normalisation(raw, expected):
    assert geo.normalise_postcode(raw) == expected


@pytest.mark.parametrize("postcode,municipality", [("1012 AB", "Amsterdam"), ("3511 AB", "Utrecht"),
                                                   ("2511 AB", "Den Haag"), ("3011 AB", "Rotterdam"),
                                                   ("1315 AB", "Almere"), ("5211 AB", "'s-Hertogenbosch")])
def test_offline_table_knows_the_foundations_cities(postcode, municipality, settings):
    settings.GEOCODER = "offline"
    place = geo.locate(postcode)
    assert place is not None and place.municipality == municipality
    assert 50.7 < place.latitude < 53.6 and 3.3 < place.longitude < 7.3


def test_region_falls_back_to_the_municipality():
    region = RegionFactory(name="Utrecht", slug="utrecht", municipalities=["Utrecht", "Zeist"])
    assert geo.region_for("3701 AB", "Zeist") == region
    assert geo.region_for("9711 AB", "Groningen") is None


def test_pdok_refines_coordinates_and_falls_back_offline(settings):
    settings.GEOCODER = "pdok"
    answer = {"response": {"docs": [{"centroide_ll": "POINT(5.1214 52.0907)"}]}}
    place = geo.locate("3511 AB", fetch=lambda url: json.dumps(answer))
    assert (place.latitude, place.longitude) == (52.0907, 5.1214) and place.municipality == "Utrecht"

    def down(url):
        raise OSError("no network")

    offline = geo.locate("3511 AB", fetch=down)
    assert offline.municipality == "Utrecht"

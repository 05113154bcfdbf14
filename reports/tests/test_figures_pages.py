"""The staff dashboard's figures, their exports, the yearly report and the public figures page."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ambassadors.tests.factories import ActiveAmbassadorFactory
from matching.models import CheckIn, FundingScheme
from matching.tests.factories import answer, make_placement
from reports.models import HistoricalFigure
from schools import school_year
from schools.models import SchoolYearParticipation
from schools.tests.factories import RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = school_year.current_school_year()


def grow(n, *, region=None, year=THIS_YEAR):
    """n schools taking part, each with an ambassador placed, check-ins answered, and a funding scheme per region."""
    region = region or RegionFactory()
    scheme = FundingScheme.objects.get_or_create(name="Subsidie", region=region, school_year=year,
                                                 defaults={"places": 1000})[0]
    for index in range(n):
        school = SchoolFactory(region=region, show_on_map=True, latitude=52.09, longitude=5.12)
        SchoolYearParticipation.objects.create(school=school, school_year=year)
        placement = make_placement(school=school, year=year, day_part="day" if index % 2 else "morning",
                                   ambassador=ActiveAmbassadorFactory(heard_via="friend", region=region))
        placement.funding_scheme = scheme
        placement.save(update_fields=["funding_scheme"])
        answer(placement, relief=1 + index % 5, hours="3", remarks="Goed")
    return region


@pytest.fixture
def utrecht():
    region = RegionFactory(name="Utrecht", slug="utrecht")
    grow(3, region=region)
    HistoricalFigure.objects.create(school_year=2024, region=region, schools=31, ambassadors=40, placements=40,
                                    fte=Decimal("6.00"), note="Gepubliceerd door de stichting.")
    return region


def test_staff_see_the_figures_of_this_school_year_with_every_table(client, staff_user, utrecht):
    client.force_login(staff_user)
    response = client.get(reverse("reports:staff_dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    figures = response.context["figures"]
    assert figures.year == THIS_YEAR
    assert (figures.headline.schools, figures.headline.ambassadors, figures.headline.placements) == (3, 3, 3)
    for slug in ["regions", "series", "placements", "hours", "relief", "channels", "cohorts", "funding", "ambition"]:
        assert f'id="figures-{slug}"' in body, slug
        assert reverse("reports:figures_export", args=[slug, "csv"]) in body
    # Every chart stands beside its table, and is drawn on the server.
    charts = [table.chart for table in figures.table_list if table.chart]
    assert len(charts) >= 7  # the move into education has no chart while nobody's commitment has ended
    assert body.count('<svg class="bar-chart"') == len(charts)
    assert body.count('<table class="table table-sm align-middle figures-table">') == 9
    assert "Fijn je te zien" in body and "Per regio" in body


def test_a_history_year_shows_the_published_figures_and_says_so(client, staff_user, utrecht):
    client.force_login(staff_user)
    response = client.get(reverse("reports:staff_dashboard"), {"year": "2024", "region": "utrecht"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["figures"].is_history
    assert response.context["figures"].headline.ambassadors == 40
    assert "Gepubliceerd door de stichting." in body
    assert 'id="figures-placements"' not in body  # not known before the platform


@pytest.mark.parametrize("query", [{"year": "twintig"}, {"year": "1850"}, {"region": "atlantis"}])
def test_bad_choices_answer_400_with_the_error_and_the_default_figures(client, staff_user, utrecht, query):
    client.force_login(staff_user)
    response = client.get(reverse("reports:staff_dashboard"), query)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert response.context["figures"].year == THIS_YEAR


def test_one_region_is_chosen_by_its_slug(client, staff_user, utrecht):
    grow(2, region=RegionFactory(name="Leiden", slug="leiden"))
    client.force_login(staff_user)
    response = client.get(reverse("reports:staff_dashboard"), {"region": "leiden"})
    assert response.context["figures"].headline.schools == 2
    assert [row["region"] for row in response.context["figures"].tables["regions"].rows] == ["Leiden"]


def test_csv_export_of_a_table(client, staff_user, utrecht):
    client.force_login(staff_user)
    response = client.get(reverse("reports:figures_export", args=["series", "csv"]), {"year": THIS_YEAR})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="series-{school_year.label(THIS_YEAR)}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Schooljaar", "Scholen", "Ambassadeurs", "Plaatsingen", "FTE", "Bron"]
    assert rows[1] == ["2024-2025", "31", "40", "40", "6,00", "gepubliceerde cijfers"]
    assert rows[2] == [school_year.label(THIS_YEAR), "3", "3", "3", "0,30", "platform"]  # 2 half days and a whole day


def test_every_export_writes_text_that_looks_like_a_formula_as_text(client, staff_user, utrecht):
    FundingScheme.objects.filter(region=utrecht).update(name="=HYPERLINK(\"http://x\")", funder="+31 30 123")
    client.force_login(staff_user)
    body = client.get(reverse("reports:figures_export", args=["funding", "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "'+31 30 123" in body
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:figures_export", args=["funding", "xlsx"])).content))
    sheet = workbook.active
    assert sheet["A2"].value == "'=HYPERLINK(\"http://x\")" and sheet["B2"].value == "'+31 30 123"
    assert sheet["D2"].value == 1000 and sheet["E2"].value == 3 and sheet["F2"].value == 997


def test_xlsx_keeps_numbers_as_numbers_and_the_workbook_has_every_table(client, staff_user, utrecht):
    client.force_login(staff_user)
    response = client.get(reverse("reports:figures_workbook"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Per regio", "Per schooljaar", "Plaatsingen", "Vrijgemaakte uren per week",
                                   "Verlichting volgens scholen", "Kanalen", "Doorstroom naar het onderwijs",
                                   "Financiering", "Op weg naar de ambitie"]
    regions = workbook["Per regio"]
    assert [c.value for c in regions[2]] == ["Utrecht", 3, 3, 3, pytest.approx(0.3)]


@pytest.mark.parametrize(("table", "fmt"), [("nope", "csv"), ("regions", "pdf")])
def test_unknown_tables_and_formats_are_not_found(client, staff_user, utrecht, table, fmt):
    client.force_login(staff_user)
    assert client.get(reverse("reports:figures_export", args=[table, fmt])).status_code == 404


def test_export_of_a_bad_choice_answers_400(client, staff_user, utrecht):
    client.force_login(staff_user)
    assert client.get(reverse("reports:figures_export", args=["regions", "csv"]), {"year": "x"}).status_code == 400
    assert client.get(reverse("reports:figures_workbook"), {"region": "x"}).status_code == 400


def test_the_yearly_report_prints_every_table(client, staff_user, utrecht):
    client.force_login(staff_user)
    body = client.get(reverse("reports:yearly_report"), {"year": THIS_YEAR}).content.decode()
    assert f"Jaarverslag {school_year.label(THIS_YEAR)}" in body
    assert "data-print" in body and "d-print-none" in body
    assert body.count('class="figure-section') == 10  # nine tables and how we count


@pytest.mark.parametrize("url_name", ["reports:staff_dashboard", "reports:yearly_report", "reports:figures_workbook",
                                      "reports:public_figures"])
def test_figures_pages_query_count_is_flat_from_10_to_200_schools(client, staff_user, django_assert_max_num_queries,
                                                                   url_name):
    region = grow(10)
    client.force_login(staff_user)
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse(url_name)).status_code == 200
    grow(190, region=region)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


# --- The public page ------------------------------------------------------------------------


def test_the_public_page_shows_the_headline_the_series_and_consenting_schools_only(client, utrecht):
    shown = SchoolFactory(name="OBS De Klimop", city="Houten", region=utrecht, show_on_map=True, latitude=52.03,
                          longitude=5.16)
    hidden = SchoolFactory(name="KBS Verborgen", region=utrecht, show_on_map=False, latitude=52.0, longitude=5.1)
    stopped = SchoolFactory(name="CBS Vorig Jaar", region=utrecht, show_on_map=True, latitude=52.0, longitude=5.1)
    for school in (shown, hidden):
        SchoolYearParticipation.objects.create(school=school, school_year=THIS_YEAR)
    SchoolYearParticipation.objects.create(school=stopped, school_year=THIS_YEAR - 3)
    placement = make_placement(school=shown, year=THIS_YEAR)
    answer(placement, relief=2, remarks="Vertrouwelijke opmerking")
    response = client.get(reverse("reports:public_figures"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-lat="52.03" data-lon="5.16">OBS De Klimop, Houten</li>' in body
    assert "KBS Verborgen" not in body and "CBS Vorig Jaar" not in body
    # Schools only: never an ambassador, never what a check-in said.
    assert placement.ambassador.user.last_name not in body and "Vertrouwelijke" not in body
    assert "2024-2025" in body and "Cijfers" in body
    assert "data-tile-url" not in body  # no tile server unless the site sets one
    assert 'src="/static/vendor/leaflet/leaflet.js"' in body and "unpkg" not in body and "cdn" not in body


def test_the_public_headline_is_the_last_finished_school_year(client, utrecht):
    response = client.get(reverse("reports:public_figures"))
    assert response.context["headline_label"] == "2024-2025"
    assert response.context["headline"].totals.ambassadors == 40
    assert response.context["so_far"].totals.ambassadors == 3


def test_the_public_page_lays_tiles_under_the_outline_when_the_site_sets_a_tile_server(client, settings):
    settings.MAP_TILE_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    body = client.get(reverse("reports:public_figures")).content.decode()
    assert re.search(r'data-tile-url="https://service\.pdok\.nl/[^"]+\{z\}/\{x\}/\{y\}\.png"', body)


def test_the_public_page_works_with_no_data_at_all(client):
    response = client.get(reverse("reports:public_figures"))
    assert response.status_code == 200
    assert "Er zijn nog geen cijfers." in response.content.decode()


def test_the_landing_page_links_to_the_figures(client):
    assert 'href="/figures/"' in client.get("/").content.decode()


def test_the_public_page_does_not_show_school_side_relief_of_a_single_school(client, utrecht):
    body = client.get(reverse("reports:public_figures")).content.decode()
    assert CheckIn.objects.exists() and "Verlichting" not in body


# --- Kept for a few minutes -----------------------------------------------------------------


@pytest.fixture
def kept(settings):
    from django.core.cache import cache
    settings.FIGURES_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_the_dashboards_figures_are_kept_a_few_minutes_per_selection_and_language_and_say_when_computed(
        client, staff_user, utrecht, kept, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    client.force_login(staff_user)
    first = client.get(reverse("reports:staff_dashboard"))
    computed = timezone.localtime(first.context["figures"].computed_at)
    assert f"Berekend om {computed:%H:%M}; de cijfers worden om de paar minuten bijgewerkt." in first.content.decode()
    grow(2, region=utrecht)  # two more schools: not shown until the figures are computed again
    with CaptureQueriesContext(connection) as again:
        second = client.get(reverse("reports:staff_dashboard"))
    assert second.context["figures"].headline.schools == 3
    assert second.context["figures"].computed_at == first.context["figures"].computed_at
    with CaptureQueriesContext(connection) as fresh:
        other = client.get(reverse("reports:staff_dashboard"), {"region": "utrecht"})  # another selection
    assert other.context["figures"].headline.schools == 5
    assert len(again.captured_queries) + 5 < len(fresh.captured_queries)
    # In English the tables are in English, not taken from the Dutch page.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("reports:staff_dashboard")).content.decode()
    assert "Per region" in english and "Per regio<" not in english


def test_the_public_figures_are_kept_a_few_minutes(client, utrecht, kept):
    client.get(reverse("reports:public_figures"))
    shown = SchoolFactory(name="OBS Nieuw Hier", region=utrecht, show_on_map=True, latitude=52.03, longitude=5.16)
    SchoolYearParticipation.objects.create(school=shown, school_year=THIS_YEAR)
    assert "OBS Nieuw Hier" not in client.get(reverse("reports:public_figures")).content.decode()


def test_without_keeping_every_request_computes_the_figures(client, staff_user, utrecht, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    client.force_login(staff_user)
    client.get(reverse("reports:staff_dashboard"))
    grow(2, region=utrecht)
    assert client.get(reverse("reports:staff_dashboard")).context["figures"].headline.schools == 5

"""Staff import a schools file in a real browser: upload, link the columns, preview, skip the broken row, confirm;
every page passes axe."""

import pytest

from conftest import axe_violations, log_in
from reports.tests.import_files import SCHOOLS, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_import_a_schools_file_from_upload_to_confirm(live_server, page, demo):
    from reports.imports.models import ImportBatch
    from schools.models import School

    base = live_server.url
    log_in(page, base, "staff@demo.example")
    page.get_by_role("button", name="Meer").click()
    page.get_by_role("link", name="Importeren").click()
    page.wait_for_url(base + "/staff/imports/")
    assert "Scholen, ambassadeurs en plaatsingen importeren" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Voorbeeld scholen (Excel)").count() == 1
    assert axe_violations(page, base) == []

    page.get_by_label("Scholen").check()
    rows = [row + ["intern"] for row in SCHOOLS]
    rows[0][-1] = "Opmerkingen"
    page.set_input_files("#id_file", files=[{"name": "scholen.csv", "mimeType": "text/csv",
                                             "buffer": csv_bytes(rows)}])
    page.get_by_role("button", name="Uploaden en kolommen koppelen").click()
    page.wait_for_selector("text=Kolommen koppelen")
    assert axe_violations(page, base) == []
    notes = page.get_by_label("Kolom M Opmerkingen")
    assert notes.input_value() == ""  # not recognised, so not imported
    page.get_by_label("Kolom H Schoolleider").select_option("contact_name")  # staff correct a proposal
    page.get_by_label("Kolom H Schoolleider").select_option("leader_name")  # … and change their mind
    page.get_by_role("button", name="Rijen controleren").click()

    page.wait_for_selector("text=Wat de import zou doen")
    main = page.locator("main")
    assert "1 rij heeft een fout" in main.inner_text()
    assert "„3512” is geen Nederlandse postcode" in main.inner_text()
    assert page.get_by_role("button", name="6 rijen importeren").is_disabled()
    assert axe_violations(page, base) == []

    page.get_by_role("button", name="Overslaan rij 5").click()
    page.get_by_role("button", name="Toch importeren rij 5").wait_for()
    page.get_by_role("button", name="5 rijen importeren").wait_for()  # the summary refreshed itself
    assert page.get_by_role("button", name="5 rijen importeren").is_enabled()
    assert axe_violations(page, base) == []
    page.get_by_label("Later: de accounts wachten").check()
    page.get_by_role("button", name="5 rijen importeren").click()

    page.wait_for_selector("text=Geïmporteerd: 5 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 overgeslagen.")
    assert "3 mensen uit deze import hebben een account zonder uitnodiging" in page.locator("main").inner_text()
    assert axe_violations(page, base) == []
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.skipped_rows) == ("done", 5, [5])
    assert School.objects.filter(brin__in=["31KA", "31KB", "31KF"]).count() == 3

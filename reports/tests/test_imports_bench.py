"""bench_import runs a realistic file of each kind through the import and leaves the database as it was."""

import io
import json

import pytest
from django.core.management import call_command

from accounts.models import User
from ambassadors.models import AmbassadorProfile
from matching.models import Placement
from reports.imports.models import ImportBatch
from schools.models import School


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "file_format"), [("schools", "csv"), ("ambassadors", "xlsx"),
                                                   ("placements", "csv")])
def test_bench_import_reports_each_step_and_rolls_back(kind, file_format):
    out = io.StringIO()
    call_command("bench_import", "--kind", kind, "--rows", "60", "--format", file_format, "--json", stdout=out)
    data = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (data["kind"], data["rows"], data["rows_read"], data["errors"], data["created"]) == (kind, 60, 60, 0, 60)
    assert data["seconds_preview"] > 0 and data["seconds_confirm"] > 0 and data["queries_preview"] > 0
    assert not (User.objects.exists() or School.objects.exists() or AmbassadorProfile.objects.exists()
                or Placement.objects.exists() or ImportBatch.objects.exists())

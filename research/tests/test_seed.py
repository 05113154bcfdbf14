"""The demo: a pilot study the researcher lands on, coded by two researchers, every coding slicing to its quote."""

import io
import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD
from research.models import Coding, Consent, Interview, Participant, ReliabilityRound, Study

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--schools", "6", "--ambassadors", "8", "--password", PASSWORD, "--force", stdout=io.StringIO())


def snapshot():
    return {
        "participants": list(Participant.objects.order_by("code").values_list("code", "role", "attributes", "withdrawn_at")),
        "interviews": list(Interview.objects.order_by("code").values_list("code", "status", "format", "held_on")),
        "codings": list(Coding.objects.order_by("pk").values_list("segment__transcript__interview__code", "segment__index",
                                                                  "coder__email", "theme__name", "start", "end", "quote",
                                                                  "round__name")),
        "consents": Consent.objects.count(),
    }


def test_the_demo_has_a_pilot_study_with_everything_a_researcher_needs(client):
    seed()
    study = Study.objects.get(slug="pilot")
    assert authenticate(email="researcher2@demo.example", password=PASSWORD) is not None
    assert sorted(study.members.values_list("user__email", "role")) == [("researcher2@demo.example", "researcher"),
                                                                        ("researcher@demo.example", "lead")]
    roles = set(study.participants.values_list("role", flat=True))
    assert roles == {"teacher", "school_leader", "ambassador"}
    assert study.participants.filter(withdrawn_at__isnull=False).count() == 1
    assert study.participants.filter(link__isnull=False).exists()
    round_ = ReliabilityRound.objects.get(study=study)
    assert round_.status == "closed"
    assert set(Coding.objects.filter(round=round_).values_list("coder__email", flat=True)) == {
        "researcher@demo.example", "researcher2@demo.example"}
    assert Coding.objects.filter(round=None, origin="consensus").exists()
    assert Coding.objects.filter(round=None, origin="coded").exists()
    # Offsets survive the demo's import and pseudonymisation: every coding slices its turn to its quote.
    for coding in Coding.objects.select_related("segment"):
        assert coding.segment.text[coding.start:coding.end] == coding.quote
    out = io.StringIO()
    call_command("research_agreement", "--study", "pilot", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["coders"] == ["Noor de Wit", "Lisette van Rossum"] and data["interviews"] == ["I01", "I03"]
    assert 0 < data["alpha_overall"] < 1
    client.force_login(study.members.get(role="lead").user)
    assert "Pilot onderwijsambassadeurs in het vo" in client.get(reverse("research:dashboard")).content.decode()


def test_seeding_twice_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first

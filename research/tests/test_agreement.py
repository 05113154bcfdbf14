"""Agreement equals published worked examples and the krippendorff package on generated codings."""

import io
import json
import random

import krippendorff
import numpy as np
import pytest
from django.core.management import CommandError, call_command
from sklearn.metrics import cohen_kappa_score

from research import agreement
from research.models import Coding, ConsensusDecision
from research.selectors.reliability import disagreements, round_agreement
from research.services import coding, reliability
from research.tests import factories

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example: 4 observers, 12 units,
# missing values; published alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]


def test_alpha_equals_krippendorffs_published_example_with_missing_values():
    figures = agreement.figures(KRIPPENDORFF_2011)
    assert round(figures.alpha, 3) == 0.743
    assert figures.kappa is None  # four coders: no Cohen's kappa
    assert figures.percent == pytest.approx(100 * 8 / 11)  # 11 units have two or more values; 8 of them agree


def test_ten_turns_sixty_percent_agreement_is_nearly_no_agreement():
    # The textbook case: 10 turns, coder A applies a theme to 8, coder B to 6, they agree on 6:
    # 60 % agreement, kappa = (0.60 - 0.56) / 0.44 = 0.091, alpha = 0.095.
    first = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    second = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]
    figures = agreement.figures([first, second])
    assert figures.percent == 60.0
    assert round(figures.kappa, 3) == 0.091
    assert round(figures.alpha, 3) == 0.095


def test_no_variation_leaves_alpha_and_kappa_undefined():
    figures = agreement.figures([[0, 0, 0], [0, 0, 0]])
    assert (figures.alpha, figures.kappa, figures.percent) == (None, None, 100.0)


@pytest.fixture
def round_setup(db):
    study = factories.study()
    lead, second = factories.lead_of(study), factories.member(study)
    people = [factories.participant(study, role=r) for r in ("teacher", "teacher", "ambassador")]
    rng = random.Random(13)
    words = ["extra", "handen", "rust", "werkplezier", "blik", "van", "buiten", "houding", "aanspreekpunt", "maatwerk", "investering"]
    transcripts = []
    for person in people:
        item = factories.interview(study, [person])
        turns = [(None if i % 3 == 0 else person, " ".join(rng.choice(words) for _ in range(12))) for i in range(9)]
        transcripts.append(factories.transcript(item, turns))
    themes = list(study.themes.order_by("order")[:4])
    round_ = reliability.round_create(study=study, actor=lead, name="Ronde 1", transcript_ids=[t.pk for t in transcripts],
                                      coder_ids=[lead.pk, second.pk], theme_ids=[t.pk for t in themes])
    return study, lead, second, transcripts, themes, round_, rng


def test_round_agreement_equals_the_package_on_generated_codings(round_setup):
    study, lead, second, transcripts, themes, round_, rng = round_setup
    segments = [s for t in transcripts for s in t.segments.order_by("index")]
    truth = {}  # (coder, segment, theme) -> 0/1, drawn independently of the code under test
    for coder in (lead, second):
        for segment in segments:
            for theme in themes:
                value = int(rng.random() < 0.35)
                truth[(coder.pk, segment.pk, theme.pk)] = value
                if value:
                    # anywhere in the turn, once or twice: still 1 for the unit
                    for _ in range(rng.choice([1, 2])):
                        start = rng.randrange(0, len(segment.text) - 5)
                        end = rng.randrange(start + 1, len(segment.text) + 1)
                        coding.codings_add(transcript=segment.transcript, coder=coder, round_id=round_.pk,
                                           spans=[coding.Span(segment.pk, start, end)], theme_ids=[theme.pk])
    reliability.round_close(round_=round_)
    result = round_agreement(round_)
    assert result["units"] == len(segments) == 27
    coders = sorted([lead, second], key=lambda u: (u.last_name, u.first_name, u.email))
    pooled = []
    for theme, row in zip(themes, result["themes"], strict=True):
        data = [[truth[(c.pk, s.pk, theme.pk)] for s in segments] for c in coders]
        pooled.append(np.array(data))
        assert row["theme"] == theme.name
        assert row["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        assert row["kappa"] == pytest.approx(cohen_kappa_score(data[0], data[1]))
        assert row["percent"] == pytest.approx(100 * np.mean(np.array(data[0]) == np.array(data[1])))
    everything = np.concatenate(pooled, axis=1)
    assert result["alpha_overall"] == pytest.approx(krippendorff.alpha(reliability_data=everything,
                                                                       level_of_measurement="nominal"))


def test_coders_code_blind_until_the_round_closes_then_the_consensus_becomes_final(round_setup, client):
    study, lead, second, transcripts, themes, round_, rng = round_setup
    transcript = transcripts[0]
    turn = transcript.segments.get(index=2)
    coding.codings_add(transcript=transcript, coder=lead, round_id=round_.pk, spans=[coding.Span(turn.pk, 0, 5)],
                       theme_ids=[themes[0].pk, themes[1].pk])
    coding.codings_add(transcript=transcript, coder=second, round_id=round_.pk, spans=[coding.Span(turn.pk, 0, 8)],
                       theme_ids=[themes[0].pk])
    client.force_login(second)
    page = client.get(f"/research/studies/{study.slug}/transcripts/{transcript.pk}/?round={round_.pk}").content.decode()
    assert page.count('data-coding="') == 1  # only their own coding
    with pytest.raises(reliability.ValidationError):
        reliability.consensus_decide(round_=round_, actor=lead, segment_id=turn.pk, theme_id=themes[1].pk, decision="apply")
    reliability.round_close(round_=round_)
    with pytest.raises(reliability.ValidationError):
        coding.codings_add(transcript=transcript, coder=second, round_id=round_.pk, spans=[coding.Span(turn.pk, 0, 3)],
                           theme_ids=[themes[0].pk])
    [disagreement] = disagreements(round_)
    assert (disagreement.segment, disagreement.theme) == (turn, themes[1])
    assert reliability.consensus_adopt_agreements(round_=round_, actor=lead) == 1
    reliability.consensus_decide(round_=round_, actor=lead, segment_id=turn.pk, theme_id=themes[1].pk, decision="apply")
    final = Coding.objects.filter(round=None, segment=turn).order_by("theme__order")
    assert [(c.theme, c.quote, c.origin) for c in final] == [(themes[0], turn.text[:5].strip(), "consensus"),
                                                             (themes[1], turn.text[:5].strip(), "consensus")]
    reliability.consensus_decide(round_=round_, actor=lead, segment_id=turn.pk, theme_id=themes[1].pk, decision="reject")
    assert not Coding.objects.filter(round=None, segment=turn, theme=themes[1]).exists()
    assert ConsensusDecision.objects.get().decision == "reject"


def test_agreement_command_prints_the_contract(round_setup, tmp_path):
    study, lead, second, transcripts, themes, round_, rng = round_setup
    with pytest.raises(CommandError, match="no closed reliability round"):
        call_command("research_agreement", "--study", study.slug, stdout=io.StringIO())
    turn = transcripts[1].segments.get(index=2)
    for coder in (lead, second):
        coding.codings_add(transcript=transcripts[1], coder=coder, round_id=round_.pk, spans=[coding.Span(turn.pk)],
                           theme_ids=[themes[0].pk])
    reliability.round_close(round_=round_)
    out = io.StringIO()
    call_command("research_agreement", "--study", study.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"study", "round", "coders", "interviews", "units", "themes", "alpha_overall"}
    assert data["study"] == "pilot" and data["round"] == "Ronde 1" and data["units"] == 27
    assert data["interviews"] == ["I01", "I02", "I03"]
    assert sorted(data["coders"]) == sorted([lead.get_full_name(), second.get_full_name()])
    assert [t["theme"] for t in data["themes"]] == [t.name for t in themes]
    assert data["themes"][0] == {"theme": themes[0].name, "alpha": 1.0, "kappa": 1.0, "percent": 100.0}
    assert data["themes"][1] == {"theme": themes[1].name, "alpha": None, "kappa": None, "percent": 100.0}
    # Exactly the names and ids of the export's columns.
    path = tmp_path / "codings.csv"
    call_command("research_export", "--study", study.slug, "--format", "csv", "--output", str(path), stdout=io.StringIO())
    rows = path.read_text().splitlines()
    assert all(any(f",{name}," in row for row in rows) for name in data["coders"])
    assert all(any(f",{code}," in row for row in rows) for code in ["I02"])
    assert any(f",{themes[0].name}," in row for row in rows)
    human = io.StringIO()
    call_command("research_agreement", "--study", study.slug, stdout=human)
    assert "overall" in human.getvalue()
    with pytest.raises(CommandError):
        call_command("research_agreement", "--study", "bestaat-niet", stdout=io.StringIO())

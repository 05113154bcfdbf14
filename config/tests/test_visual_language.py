"""One visual language: a status looks the same wherever it appears, and its colour follows its meaning."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from accounts.badges import SAME_CHOICES, STATUS_TONES, TONES, tone_for

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {"accounts", "schools", "ambassadors", "matching", "research", "reports"}

# Every field that holds a status somebody reads on a page, written down by hand: a new one must be added here and
# get a colour in accounts/badges.py.
STATUS_FIELDS = {
    "accounts.export.status", "accounts.message.state", "accounts.erasurerequest.status",
    "schools.intake.status", "schools.teacherneed.status",
    "ambassadors.ambassadorprofile.status", "ambassadors.ambassadorprofile.vog_status",
    "ambassadors.statuschange.from_status", "ambassadors.statuschange.to_status",
    "matching.matchingrun.status", "matching.proposal.status", "matching.proposal.school_response",
    "matching.proposal.ambassador_response", "matching.placement.status",
    "research.interview.status", "research.reliabilityround.status", "research.consensusdecision.decision",
    "reports.importbatch.status", "reports.importrow.action",
}

# Statuses of different models that mean the same to the reader, by hand. Each group has one colour, and the groups
# have five different colours.
SAME_MEANING = {
    "someone still has to act": [
        ("schools.intake.status", "submitted"), ("ambassadors.ambassadorprofile.status", "applied"),
        ("matching.proposal.status", "proposed"), ("schools.teacherneed.status", "open"),
        ("accounts.erasurerequest.status", "open"), ("accounts.message.state", "pending"),
        ("matching.matchingrun.status", "queued"), ("accounts.export.status", "queued"),
        ("research.interview.status", "planned"), ("research.reliabilityround.status", "open"),
        ("reports.importbatch.status", "preview"), ("schools.intake.status", "waitlisted"),
    ],
    "under way": [
        ("matching.matchingrun.status", "running"), ("accounts.export.status", "running"),
        ("ambassadors.ambassadorprofile.status", "intake_planned"), ("ambassadors.ambassadorprofile.status", "vog_requested"),
        ("ambassadors.ambassadorprofile.vog_status", "requested"), ("schools.teacherneed.status", "proposed"),
        ("matching.proposal.status", "approved"), ("research.interview.status", "coding"),
        ("reports.importbatch.status", "queued"),
    ],
    "active, or done as hoped": [
        ("ambassadors.ambassadorprofile.status", "active"), ("matching.placement.status", "active"),
        ("schools.intake.status", "approved"), ("matching.proposal.status", "placed"),
        ("schools.teacherneed.status", "filled"), ("matching.matchingrun.status", "done"),
        ("accounts.export.status", "done"), ("reports.importbatch.status", "done"), ("accounts.message.state", "sent"),
        ("research.interview.status", "coded"), ("accounts.erasurerequest.status", "completed"),
        ("matching.proposal.school_response", "accepted"), ("ambassadors.ambassadorprofile.vog_status", "received"),
    ],
    "over, or set aside": [
        ("ambassadors.ambassadorprofile.status", "ended"), ("ambassadors.ambassadorprofile.status", "paused"),
        ("matching.placement.status", "ended"), ("matching.placement.status", "ended_early"),
        ("schools.teacherneed.status", "closed"), ("reports.importbatch.status", "discarded"),
        ("reports.importbatch.status", "expired"),
    ],
    "turned down, or failed": [
        ("schools.intake.status", "declined"), ("ambassadors.ambassadorprofile.status", "declined"),
        ("matching.proposal.status", "declined"), ("matching.proposal.status", "rejected"),
        ("matching.proposal.ambassador_response", "declined"), ("matching.matchingrun.status", "failed"),
        ("accounts.export.status", "failed"), ("accounts.message.state", "failed"),
        ("accounts.erasurerequest.status", "refused"), ("reports.importrow.action", "error"),
    ],
}


def fields_with_choices():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and not field.is_relation:
                yield f"{model._meta.label_lower}.{field.name}", field


def test_every_status_field_of_every_model_is_known():
    looks_like_status = {key for key, field in fields_with_choices()
                         if field.name in ("status", "state", "decision") or field.name.endswith(("_status", "_response"))}
    assert looks_like_status - STATUS_FIELDS == set(), "a new status field: give it colours in accounts/badges.py"
    assert STATUS_FIELDS - {key for key, _field in fields_with_choices()} == set()


def test_every_status_choice_has_a_colour_and_no_colour_is_left_over():
    fields = dict(fields_with_choices())
    for key in sorted(STATUS_FIELDS):
        values = {str(value) for value, _label in fields[key].choices}
        mapped = STATUS_TONES[SAME_CHOICES.get(key, key)]
        assert set(mapped) == values, key
        assert set(mapped.values()) <= set(TONES), key


@pytest.mark.parametrize("meaning", list(SAME_MEANING))
def test_statuses_with_the_same_meaning_share_one_colour(meaning):
    tones = {(key, value): tone_for(key, value) for key, value in SAME_MEANING[meaning]}
    assert len(set(tones.values())) == 1, tones


def test_different_meanings_have_different_colours():
    first = {meaning: tone_for(*pairs[0]) for meaning, pairs in SAME_MEANING.items()}
    assert len(set(first.values())) == len(SAME_MEANING) == len(TONES)


def test_a_status_badge_shows_the_label_in_the_colour_of_its_meaning(db):
    from ambassadors.tests.factories import ActiveAmbassadorFactory
    from matching.tests.factories import make_placement

    ambassador = ActiveAmbassadorFactory()
    placement = make_placement(ambassador=ambassador)
    template = Template("{% load badges %}{% status_badge profile %}|{% status_badge placement %}|"
                        "{% status_badge placement.proposal %}")
    with translation.override("nl"):
        html = template.render(Context({"profile": ambassador, "placement": placement}))
    # "Actief" looks the same for an ambassador and a placement; a placed proposal is good news too.
    assert html == ('<span class="badge badge-good">Actief</span>|<span class="badge badge-good">Actief</span>|'
                    '<span class="badge badge-good">Geplaatst</span>')


def test_a_flag_badge_names_its_meaning_and_refuses_an_unknown_one():
    assert Template('{% load badges %}{% badge "problem" "te laat" %}').render(Context()) == \
        '<span class="badge badge-problem">te laat</span>'
    with pytest.raises(TemplateSyntaxError):
        Template('{% load badges %}{% badge "danger" "te laat" %}').render(Context())


def test_no_template_colours_a_badge_with_stock_bootstrap_colours_or_an_unknown_tone():
    stock, unknown = [], []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        if re.search(r'class="badge[^"]*\btext-bg-', text):
            stock.append(str(path.relative_to(ROOT)))
        unknown += [f"{path.name}: {tone}" for tone in re.findall(r'{% badge "(\w+)"', text) if tone not in TONES]
    assert stock == [] and unknown == []


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("tone", TONES)
def test_each_colour_is_styled_and_readable(tone):
    css = (ROOT / "static/css/site.css").read_text()
    rule = re.search(r"\.badge-" + tone + r" \{([^}]*)\}", css)
    assert rule, f".badge-{tone} is missing from site.css"
    background = re.search(r"background: (#[0-9a-f]{6})", rule.group(1)).group(1)
    colour = re.search(r"(?<![-\w])color: (#[0-9a-f]{6})", rule.group(1)).group(1)
    assert contrast(colour, background) >= 4.5  # WCAG AA for the small text of a badge


def selected_options(html: str) -> dict[str, str]:
    """The label each select of a page starts at, by its name."""
    found = {}
    for name, body in re.findall(r'<select[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r"<option[^>]*\sselected[^>]*>([^<]*)<", body)
        found[name] = chosen[0] if chosen else re.search(r"<option[^>]*>([^<]*)<", body).group(1)
    return found


@pytest.mark.parametrize(("role", "url", "expected"), [
    ("staff", "/staff/users/invite/", {"role": "Kies…", "school": "Geen", "language": "Nederlands"}),
    ("staff", "/schools/regions/new/", {"holiday_region": "Kies…"}),
    ("staff", "/matching/funding/new/", {"region": "Kies…"}),
    ("staff", "/ambassadors/{applicant}/", {"to_status": "Kies…", "by": "Geen"}),
    ("ambassador", "/ambassadors/availability/", {"reason": "Kies…"}),
])
def test_selects_start_at_a_prompt_in_plain_words(client, users_by_role, role, url, expected):
    from ambassadors.tests.factories import AmbassadorProfileFactory

    applicant = AmbassadorProfileFactory(status="applied")
    client.force_login(users_by_role[role])
    html = client.get(url.format(applicant=applicant.pk)).content.decode()
    assert "---------" not in html
    starts = selected_options(html)
    assert {name: starts[name] for name in expected} == expected

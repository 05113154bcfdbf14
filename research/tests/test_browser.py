"""The coding page in a real browser: a selection coded with the keyboard and with the mouse, undo, and axe."""

import re

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, log_in
from research.models import Coding, Interview, ReliabilityRound, Study, Transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _transcript(code="I07"):
    return Transcript.objects.get(interview__study__slug="pilot", interview__code=code, is_current=True)


def _turn(transcript, speaker):
    return transcript.segments.filter(speaker=speaker).order_by("index").first()


def test_a_selection_is_coded_with_the_keyboard(live_server, page, demo):
    transcript = _transcript()
    turn = _turn(transcript, "L05")
    log_in(page, live_server.url, "researcher@demo.example")
    page.goto(f"{live_server.url}/research/studies/pilot/transcripts/{transcript.pk}/")
    before = set(Coding.objects.values_list("pk", flat=True))
    text = page.locator(f'.turn-text[data-segment="{turn.pk}"]')
    text.focus()
    assert page.evaluate("document.activeElement.dataset.segment") == str(turn.pk)
    for _ in range(2):
        page.keyboard.press("Control+Shift+ArrowRight")
    selected = page.evaluate("window.getSelection().toString()")
    assert selected.strip() and turn.text.startswith(selected.strip()), (selected, turn.text)
    assert len(selected.strip()) < len(turn.text)
    expect(page.locator("#selection-preview")).to_contain_text("Ik moet")  # drawn when the browser reports the change
    page.keyboard.press("Enter")  # to the theme search
    assert page.evaluate("document.activeElement.id") == "theme-search"
    page.keyboard.type("werkpl")
    page.keyboard.press("Enter")  # ticks the first matching theme
    assert page.locator("input[name=themes]:checked").count() == 1
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#coding-status .alert-success")
    [coding] = Coding.objects.exclude(pk__in=before)
    assert (coding.theme.name, coding.coder.email, coding.segment_id) == ("Werkplezier", "researcher@demo.example", turn.pk)
    assert coding.quote == selected.strip() and turn.text[coding.start:coding.end] == coding.quote and coding.start == 0
    # The turn was redrawn with the new coding, the selection is cleared, and Ctrl+Z undoes it.
    assert page.locator(f'#turn-{turn.pk} [data-coding="{coding.pk}"]').count() == 1
    assert page.locator("input[name=themes]:checked").count() == 0
    page.locator("h1").click()
    page.keyboard.press("Control+z")
    page.wait_for_selector("#coding-status .alert-success >> text=Verwijderd")
    assert not Coding.objects.filter(pk=coding.pk).exists()


def test_a_selection_is_coded_with_the_mouse_across_two_turns(live_server, page, demo):
    transcript = _transcript()
    first, second = _turn(transcript, "L04"), _turn(transcript, "L05")
    log_in(page, live_server.url, "researcher2@demo.example")
    page.goto(f"{live_server.url}/research/studies/pilot/transcripts/{transcript.pk}/")
    before = set(Coding.objects.values_list("pk", flat=True))
    # Drag from the word "trots" in L04's turn to the end of "inzet" in L05's turn.
    points = page.evaluate("""([a, b]) => {
        const at = (segment, word, end) => {
            const el = document.querySelector(`.turn-text[data-segment="${segment}"]`);
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const i = node.data.indexOf(word);
                if (i >= 0) {
                    const range = document.createRange();
                    const offset = end ? i + word.length : i;
                    range.setStart(node, end ? offset - 1 : offset);
                    range.setEnd(node, end ? offset : offset + 1);
                    const box = range.getBoundingClientRect();
                    return end ? [box.right - 1, box.top + box.height / 2] : [box.left + 1, box.top + box.height / 2];
                }
            }
        };
        return [at(a, "trots", false), at(b, "inzet", true)];
    }""", [first.pk, second.pk])
    (x1, y1), (x2, y2) = points
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=5)
    page.mouse.move(x2, y2, steps=5)
    page.mouse.up()
    expect(page.locator("#selection-preview")).to_contain_text("trots")
    page.get_by_label("Blik van buiten").check()
    page.get_by_label("Gemengd").check()
    page.get_by_role("button", name="Coderen", exact=True).click()
    page.wait_for_selector("#coding-status .alert-success")
    made = sorted(Coding.objects.exclude(pk__in=before).select_related("segment"), key=lambda c: c.segment.index)
    assert [c.segment_id for c in made] == [first.pk, second.pk]  # one coding per turn
    assert made[0].quote.startswith("trots") and first.text.endswith(made[0].quote)
    assert second.text.startswith(made[1].quote) and made[1].quote.endswith("inzet")
    for coding in made:
        assert coding.segment.text[coding.start:coding.end] == coding.quote
        assert (coding.theme.name, coding.stance, coding.coder.email) == ("Blik van buiten", "mixed", "researcher2@demo.example")
    assert axe_violations(page, live_server.url) == []


def test_whole_turns_by_their_buttons_and_a_refusal_keeps_the_page(live_server, page, demo):
    transcript = _transcript()
    turn = _turn(transcript, "L06")
    log_in(page, live_server.url, "researcher@demo.example")
    page.goto(f"{live_server.url}/research/studies/pilot/transcripts/{transcript.pk}/")
    page.get_by_role("button", name="Coderen", exact=True).click()
    expect(page.locator("#selection-preview")).to_contain_text("Selecteer eerst woorden of een beurt.")
    page.locator(f'.turn-select[data-segment="{turn.pk}"]').click()
    page.get_by_role("button", name="Coderen", exact=True).click()  # no theme chosen
    page.wait_for_selector("#coding-status .alert-danger")
    assert "Kies een of meer thema’s." in page.locator("#coding-status").inner_text()
    page.get_by_label("Extra handen", exact=True).check()
    page.get_by_role("button", name="Coderen", exact=True).click()
    page.wait_for_selector("#coding-status .alert-success")
    assert Coding.objects.filter(segment=turn, theme__name="Extra handen", start=0, end=len(turn.text), round=None).count() == 1


RESEARCH_PAGES = ["/research/", "/research/studies/new/", "/research/studies/pilot/", "/research/studies/pilot/participants/",
                  "/research/studies/pilot/participants/L01/", "/research/studies/pilot/interviews/",
                  "/research/studies/pilot/interviews/I01/", "/research/studies/pilot/interviews/new/",
                  "/research/studies/pilot/codebook/", "/research/studies/pilot/rounds/", "/research/studies/pilot/rounds/{round}/",
                  "/research/studies/pilot/reports/", "/research/studies/pilot/reports/quotes/",
                  "/research/studies/pilot/memos/", "/research/studies/pilot/exports/", "/research/studies/pilot/team/",
                  "/research/studies/pilot/key/", "/research/studies/pilot/settings/", "/research/studies/pilot/transcripts/{t}/",
                  "/research/studies/pilot/transcripts/{t}/correct/", "/research/studies/pilot/codebook/{theme}/"]


def test_every_research_page_passes_axe(live_server, page, demo):
    study = Study.objects.get(slug="pilot")
    ids = {"round": ReliabilityRound.objects.get(study=study).pk, "t": _transcript("I02").pk,
           "theme": study.themes.get(name="Werkplezier").pk}
    log_in(page, live_server.url, "researcher@demo.example")
    for path in RESEARCH_PAGES:
        page.goto(live_server.url + path.format(**ids))
        assert page.locator("main h1").count() == 1, path
        assert axe_violations(page, live_server.url) == [], path


def test_uploading_and_reviewing_a_transcript(live_server, page, demo, tmp_path):
    interview = Interview.objects.get(study__slug="pilot", code="I08")
    log_in(page, live_server.url, "researcher@demo.example")
    page.goto(f"{live_server.url}/research/studies/pilot/interviews/I08/")
    page.get_by_role("button", name=re.compile("Markeren als gehouden")).click()
    upload = tmp_path / "gesprek.vtt"
    upload.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>Hoe was je jaar?</v>\n\n"
                      "00:00:03.500 --> 00:00:07.000\n<v OA01>Mail me gerust: oa@voorbeeld.nl.</v>\n", encoding="utf-8")
    page.get_by_label("Transcript (.txt, .docx, .vtt of .srt)").set_input_files(str(upload))
    page.get_by_role("button", name="Uploaden en controleren").click()
    assert "<del>" in page.locator(".transcript-preview").inner_html()
    assert axe_violations(page, live_server.url) == []
    page.get_by_role("button", name="Transcript opslaan").click()
    page.wait_for_url(re.compile(r"/transcripts/\d+/$"))
    transcript = Transcript.objects.get(interview=interview, is_current=True)
    assert "[e-mailadres]" in transcript.segments.get(index=2).text

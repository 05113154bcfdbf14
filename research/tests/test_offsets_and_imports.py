"""Offsets are code points of NFC text with \\n line ends, and survive every import format."""

import io
import unicodedata

import docx
import pytest
from django.core.exceptions import ValidationError

from research import importers, offsets
from research.models import TranscriptImport
from research.services import coding, transcripts
from research.tests import factories

pytestmark = pytest.mark.django_db

# Decomposed é (e + combining accent), a non-BMP emoji (two UTF-16 units), Windows line ends.
RAW = "Interviewer: Hoe is het gegaan?\r\nL01: Het ging re\u0301e\u0301l goed \U0001F600 met de ambassadeur.\r\nZe nam mijn surveillance over."


def test_normalise_makes_nfc_with_newlines():
    text = offsets.normalise("\ufeffa\r\nb\rc  \n\u0065\u0301")
    assert text == "a\nb\nc\n\u00e9"
    assert unicodedata.is_normalized("NFC", text)


def test_utf16_offsets_convert_to_code_points():
    text = "😀 extra handen"
    assert offsets.from_utf16(text, 2) == 1  # the emoji is two UTF-16 units, one code point
    assert offsets.from_utf16(text, offsets.utf16_length(text)) == len(text)
    assert offsets.to_utf16(text, 1) == 2
    with pytest.raises(ValueError):
        offsets.from_utf16(text, 1)  # inside the emoji
    with pytest.raises(ValueError):
        offsets.from_utf16(text, 99)


def _docx(lines):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VTT = ("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:03.000\r\n<v Interviewer>Hoe is het gegaan?</v>\r\n\r\n"
       "00:00:03.500 --> 00:00:06.000\r\n<v L01>Het ging re\u0301e\u0301l goed \U0001F600 met de ambassadeur.</v>\r\n\r\n"
       "00:00:06.000 --> 00:00:08.000\r\n<v L01>Ze nam mijn surveillance over.</v>\r\n")
SRT = ("1\r\n00:00:01,000 --> 00:00:03,000\r\nInterviewer: Hoe is het gegaan?\r\n\r\n"
       "2\r\n00:00:03,500 --> 00:00:06,000\r\nL01: Het ging re\u0301e\u0301l goed \U0001F600 met de ambassadeur.\r\n\r\n"
       "3\r\n00:00:06,000 --> 00:00:08,000\r\nZe nam mijn surveillance over.\r\n")
FILES = {
    "gesprek.txt": ("\ufeff" + RAW).encode("utf-8"),
    "gesprek.docx": _docx(RAW.split("\r\n")),
    "gesprek.vtt": VTT.encode("utf-8"),
    "gesprek.srt": SRT.encode("utf-8"),
}


@pytest.mark.parametrize("filename", list(FILES))
def test_every_format_gives_speaker_turns_and_offsets_that_slice_to_the_quote(filename):
    study = factories.study()
    teacher = factories.participant(study)
    interview = factories.interview(study, [teacher])
    lead = factories.lead_of(study)
    upload = transcripts.import_upload(interview=interview, actor=lead, data=FILES[filename], filename=filename)
    assert [turn["label"] for turn in upload.turns] == ["Interviewer", "L01"]
    transcript = transcripts.import_save(upload=upload, actor=lead, mapping={"Interviewer": "", "L01": str(teacher.pk)},
                                         replacements={})
    turn = transcript.segments.get(index=2)
    assert turn.participant == teacher and turn.speaker == "L01"
    assert unicodedata.is_normalized("NFC", turn.text) and "\r" not in turn.text
    assert "réél goed 😀" in turn.text and turn.text.endswith("surveillance over.")
    if filename.endswith((".vtt", ".srt")):
        assert turn.t_start_ms == 3500 and turn.t_end_ms == 8000
    # A browser selection of "😀 met de ambassadeur" in UTF-16 units lands on the same words.
    start = turn.text.index("😀")
    start16, end16 = offsets.to_utf16(turn.text, start), offsets.to_utf16(turn.text, start + len("😀 met de ambassadeur"))
    [made] = coding.codings_add(transcript=transcript, coder=lead, spans=[coding.Span(turn.pk, start16, end16)],
                                theme_ids=[factories.theme(study, "Werkplezier").pk])
    assert made.quote == "😀 met de ambassadeur"
    assert turn.text[made.start:made.end] == made.quote
    # Words typed in decomposed form are found in the NFC text.
    [typed] = coding.codings_add(transcript=transcript, coder=lead, spans=[coding.Span(turn.pk, words="re\u0301e\u0301l goed")],
                                 theme_ids=[factories.theme(study, "Werkplezier").pk])
    assert typed.quote == "réél goed" and turn.text[typed.start:typed.end] == typed.quote


def test_a_sentence_with_a_colon_is_not_a_speaker_and_brackets_are():
    turns = importers.parse_txt(b"[Jan de Vries] Goedemorgen.\nDat was het punt: echt waar.\nL01: Klopt.")
    assert [(t["label"], t["text"]) for t in turns] == [
        ("Jan de Vries", "Goedemorgen.\nDat was het punt: echt waar."), ("L01", "Klopt.")]


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("gesprek.pdf", b"%PDF", "Upload een .txt-, .docx-, .vtt- of .srt-bestand."),
    ("gesprek.docx", b"geen zip", "Dit Word-document kan niet worden gelezen."),
    ("gesprek.vtt", b"geen webvtt", "Dit ondertitelbestand kan niet worden gelezen"),
    ("leeg.txt", b"   \n  ", "In dit bestand staat geen tekst."),
    ("groot.txt", b"a" * (importers.MAX_BYTES + 1), "Het bestand is groter dan 5 MB."),
])
def test_bad_files_get_a_clear_message_and_nothing_is_kept(filename, data, message):
    study = factories.study()
    interview = factories.interview(study, [factories.participant(study)])
    with pytest.raises(ValidationError) as error:
        transcripts.import_upload(interview=interview, actor=factories.lead_of(study), data=data, filename=filename)
    assert message in " ".join(error.value.messages)
    assert not TranscriptImport.objects.exists()

"""Every message is translated into Dutch, and the catalogue is in step with the sources."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_dutch_message_is_translated():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 100


def test_catalogue_is_in_step_with_the_sources(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is required in CI to check the message catalogue")
        pytest.skip("GNU gettext (xgettext) is not installed on this machine; CI runs this check")
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "static"))
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path / "var")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "nl", "--no-obsolete", "--ignore", "var/*"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=300,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))}
    ours = {e.msgid for e in polib.pofile(str(PO))}
    assert sorted(fresh - ours) == [], "run `make messages` and translate the new strings"

"""Every UI string has its Spanish translation, and the compiled catalogue is current."""

from pathlib import Path

import polib

import tiquetera

CATALOGUE = Path(tiquetera.__file__).parent / "locale" / "es" / "LC_MESSAGES"


def test_every_message_is_translated_to_spanish():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source, "run `make messages` to recompile django.mo"

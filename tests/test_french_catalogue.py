"""coflight's French catalogue (locale/fr): every message translated, none fuzzy, the same
placeholders as the English, French typography, and the compiled .mo that Django reads the same
as the .po (both are committed, so that a machine without gettext serves French: `make
messages` writes them again)."""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|\{\{\s*(\w+)\s*\}\}")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_every_message_is_translated_and_none_is_fuzzy(po):
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert len(po) > 800


def test_translations_name_only_the_placeholders_the_english_gives(po):
    wrong = []
    for entry in po:
        given = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and not placeholders(text) <= given:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_french_typography_no_break_spaces_and_apostrophes(po):
    texts = [t for e in po for t in [e.msgstr, *e.msgstr_plural.values()] if t]
    assert [t for t in texts if re.search(r" [:;?!»]|« ", t)] == []
    assert [t for t in texts if re.search(r"[^\W\d_]'[^\W\d_]", t)] == []


def test_the_compiled_catalogue_is_the_catalogue(po):
    def messages(catalogue) -> dict:
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid
        }

    compiled = polib.mofile(str(COMPILED))
    assert messages(compiled) == messages(e for e in po if not e.obsolete)


def test_the_catalogue_can_be_made_again(tmp_path):
    makefile = (CATALOGUE.parents[3] / "Makefile").read_text()
    assert "makemessages -l fr" in makefile and "compilemessages" in makefile

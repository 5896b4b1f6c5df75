"""A page comes out wholly in one language: a French browser gets every page, fragment and the
admin in French, an English one in English, and neither shows a sentence of the other."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import Client

from tests.conftest import text_of
from tests.url_sweep import Samples, routes

pytestmark = pytest.mark.django_db

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
CATALOGUE = Path(__file__).resolve().parent.parent / "locale/fr/LC_MESSAGES/django.po"
ADMIN_PAGES = {
    "admin:index",
    "admin:actions_action_changelist",
    "admin:actions_action_change",
    "admin:meetings_meeting_change",
    "admin:people_person_changelist",
    "admin:people_person_change",
}
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Shown(HTMLParser):
    """Each run of text a reader sees or hears, element by element; leaving out what is marked
    as in a language of its own (the switcher's "English", "Français")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in VOID:
            if not self._hidden:
                self._attributes(attrs)
            return
        hides = tag in ("script", "style") or (tag != "html" and "lang" in dict(attrs))
        self._open.append(hides)
        self._hidden += hides
        if not self._hidden:
            self._attributes(attrs)

    def _attributes(self, attrs) -> None:
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
            if name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag) -> None:
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data)


def shown(response) -> set[str]:
    parser = _Shown()
    parser.feed(response.content.decode())
    return {" ".join(part.split()) for part in parser.parts}


@pytest.fixture(scope="module")
def words() -> tuple[set[str], set[str]]:
    """coflight's whole messages without placeholders, where the French differs: English ones,
    French ones."""
    english, french = set(), set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural or "%" in entry.msgid or "{{" in entry.msgid:
            continue
        if entry.msgstr.strip() != entry.msgid.strip() and len(entry.msgid) > 2:
            english.add(" ".join(entry.msgid.split()))
            french.add(" ".join(entry.msgstr.split()))
    return english, french


def pages(samples: Samples, *, admin: bool) -> list[str]:
    return [
        samples.path(r)
        for r in routes()
        if (r.key in ADMIN_PAGES if admin else not r.is_admin) and "<" not in samples.path(r)
    ]


def mixed(client: Client, paths: list[str], words) -> list[tuple[str, str, object]]:
    english, french = words
    found: list[tuple[str, str, object]] = []
    for path in paths:
        for headers, language, foreign in ((FRENCH, "fr", english), (ENGLISH, "en", french)):
            response = client.get(path, headers=headers)
            if response.status_code == 405 or response.streaming:
                continue
            if response.get("Content-Language") != language:
                found.append((path, language, response.get("Content-Language")))
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                found += [(path, language, part) for part in shown(response) & foreign]
    return found


def test_the_shown_text_leaves_out_what_is_in_another_language():
    parser = _Shown()
    parser.feed(
        '<p>Bonjour <button lang="en">English</button><input value="x" title="Titre"> ici</p>'
    )
    assert parser.parts == ["Bonjour ", "Titre", " ici"]


def test_every_page_is_wholly_in_the_browsers_language(client, report, member, words):
    paths = pages(Samples(report, member), admin=False)
    assert len(paths) > 20
    assert mixed(client, paths, words) == []
    client.force_login(member)
    assert mixed(client, pages(Samples(report, member), admin=False), words) == []


def test_the_admin_is_wholly_in_the_browsers_language(client, report, superuser, words):
    client.force_login(superuser)
    samples = Samples(report, superuser)
    paths = pages(samples, admin=True)
    assert len(paths) == len(ADMIN_PAGES)
    assert mixed(client, paths, words) == []
    change = next(r for r in routes() if r.key == "admin:actions_action_change")
    page = client.get(samples.path(change), headers=FRENCH).content.decode()
    assert 'value="Enregistrer et continuer les modifications"' in page
    assert "Responsables" in page


def test_the_report_reads_in_french_dates_and_times(client, report):
    response = client.get(report.get_absolute_url(), headers=FRENCH)
    page = text_of(response)
    assert "jeudi 16 mai 2013" in page
    assert "9 h 00 – 17 h 30 (heure de Paris, CEST)" in page
    # No-break spaces, as French typesetting wants: "9 h" never split over two lines.
    assert "9\u00a0h\u00a000</time>\u00a0– <time" in response.content.decode()
    assert "Thursday 16 May" not in page  # the report's own text stays as written
    english = text_of(client.get(report.get_absolute_url(), headers=ENGLISH))
    assert "Thursday 16 May 2013" in english and "09:00–17:30" in english


def test_an_unoffered_language_gets_english(client, report):
    response = client.get(report.get_absolute_url(), headers={"Accept-Language": "de-DE"})
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_an_actions_history_gives_french_times(client, report):
    action = report.actions.order_by("position").first()
    assert action is not None
    page = text_of(client.get(action.get_absolute_url(), headers=FRENCH))
    assert re.search(r"importé dans coflight le \d{1,2} \w+ \d{4}, \d{1,2} h \d{2}\)", page)

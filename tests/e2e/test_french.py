"""coflight in French, end to end in a real browser: the header's switcher turns an English
browser's pages French, and the meeting page, closing an action, the conflict and the import
preview all read in French, with lang="fr" and no axe violation."""

import pytest
from playwright.sync_api import expect

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.people.models import Person
from tests.conftest import address

from .conftest import drop_in_another_browser, make_member, make_staff, sign_in
from .test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)

FRENCH_REPORT = "tests/minutes/compatibleone-atelier-2013-05-16.txt"
ENGLISH_WORDS = ("Thursday", "Agenda", "Search", "Sign out", "Change status", "Owners")


def no_violations(page, javascript: bool) -> bool:
    """axe runs in the page's JavaScript: the run with JavaScript on checks each page."""
    return not javascript or violations(page) == []


def switch_to_french(page) -> None:
    page.locator("form.languages").get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_the_switcher_turns_the_meeting_page_french(browse, javascript):
    page = browse(javascript=javascript)
    page.goto(address("the report"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    url = page.url
    switch_to_french(page)
    assert page.url == url
    main = page.locator("main")
    expect(main).to_contain_text("jeudi 16 mai 2013")
    expect(main).to_contain_text("9 h 00 – 17 h 30 (heure de Paris, CEST)")
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Recherche")).to_be_visible()
    assert no_violations(page, javascript)
    page.goto("/actions/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Actions list")
    assert no_violations(page, javascript)


def test_a_member_closes_an_action_in_french(browse, javascript):
    make_member()
    page = browse(javascript=javascript)
    sign_in(page, "jp", "pw-member-12345")
    switch_to_french(page)
    action = Action.objects.get(meeting__date="2013-05-16", position=4)
    page.goto(f"/actions/{action.pk}/")
    box = page.locator(f"#action-{action.pk}")
    box.get_by_text("Modifier le statut").click()
    box.get_by_label("Terminée").check()
    note = "Note, lors de la clôture ou de l’abandon (facultatif)"
    box.get_by_label(note).fill("Ana, par Stuart")
    assert no_violations(page, javascript)
    box.get_by_role("button", name="Enregistrer le statut").click()
    expect(page.get_by_text("Le statut est passé de « Ouverte » à « Terminée ».")).to_be_visible()
    assert no_violations(page, javascript)
    body = page.locator("body").inner_text()
    assert [word for word in ENGLISH_WORDS if word in body] == []
    assert Person.objects.get(given_name="Jean-Pierre").language == "fr"
    action.refresh_from_db()
    assert (action.status, action.closing_note) == ("done", "Ana, par Stuart")


def test_a_stale_edit_gets_the_conflict_in_french(browse, javascript):
    make_member()
    make_staff()
    first = browse(javascript=javascript)
    sign_in(first, "jp", "pw-member-12345")
    switch_to_french(first)
    action = Action.objects.get(meeting__date="2013-05-16", position=2)
    first.goto(f"/actions/{action.pk}/")
    drop_in_another_browser(browse(javascript=True), action)
    mine = first.locator(f"#action-{action.pk}")
    mine.get_by_text("Modifier le texte").click()
    mine.locator("textarea[name=text]").fill("Formaliser un schéma OCCI")
    mine.get_by_role("button", name="Enregistrer le texte").click()
    expect(first.get_by_text("Votre modification n’a pas été enregistrée.")).to_be_visible()
    conflict = first.locator(".conflict")
    expect(conflict).to_contain_text("staff a modifié cette action le")
    expect(conflict).to_contain_text("Non appliqué")
    assert no_violations(first, javascript)
    first.get_by_role("button", name="Appliquer ma modification à cette version").click()
    expect(first.get_by_text("Le texte de l’action a été modifié.")).to_be_visible()
    action.refresh_from_db()
    assert (action.status, action.text) == ("dropped", "Formaliser un schéma OCCI")


def test_importing_french_minutes_with_the_preview_in_french(browse, javascript):
    make_staff()
    Meeting.objects.filter(date="2013-05-16").delete()
    page = browse(javascript=javascript, locale="fr-FR")
    sign_in(page, "staff", "pw-staff-12345")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto("/import/")
    page.set_input_files("input[type=file]", FRENCH_REPORT)
    page.get_by_role("button", name="Aperçu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de l’import")
    expect(page.get_by_text("Action 8 : la ligne des responsables est vide.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("jeudi 16 mai 2013")
    assert no_violations(page, javascript)
    page.get_by_role("button", name="Enregistrer cette réunion").click()
    expect(page.get_by_text("avec 13 actions.")).to_be_visible()
    assert Action.objects.filter(meeting__date="2013-05-16").count() == 13

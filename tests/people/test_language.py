"""Which language a page comes out in: the browser's, the header's switcher over it, and a
signed-in person's saved choice over both, on any device they sign in on."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from coflight.people.languages import speak_the_terminals_language
from coflight.people.models import Person
from tests.conftest import text_of

pytestmark = pytest.mark.django_db

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def language_of(response) -> str:
    return response["Content-Language"]


def switch(client: Client, language: str, next_page: str = "/"):
    return client.post("/language/", {"language": language, "next": next_page})


def jean_pierre() -> Person:
    return Person.objects.get(given_name="Jean-Pierre")


def test_the_browser_picks_the_language(client, report):
    french = client.get(report.get_absolute_url(), headers=FRENCH)
    assert language_of(french) == "fr"
    assert '<html lang="fr">' in french.content.decode()
    assert "Ordre du jour" in text_of(french)
    english = client.get(report.get_absolute_url(), headers=ENGLISH)
    assert language_of(english) == "en" and "Agenda" in text_of(english)


def test_the_header_offers_each_language_in_its_own_words_as_a_form_without_javascript(
    client, report
):
    page = client.get(report.get_absolute_url(), headers=FRENCH).content.decode()
    assert '<form class="languages" method="post" action="/language/"' in page
    assert 'value="en" lang="en">English</button>' in page
    assert 'value="fr" lang="fr" aria-current="true">Français</button>' in page
    assert f'name="next" value="{report.get_absolute_url()}"' in page


def test_the_switcher_overrides_the_browser_and_keeps_the_address(client, report):
    address = report.get_absolute_url() + "?x=1"
    response = switch(client, "fr", address)
    assert response.status_code == 302 and response["Location"] == address
    page = client.get(report.get_absolute_url(), headers=ENGLISH)
    assert language_of(page) == "fr"
    assert switch(client, "en").status_code == 302
    assert language_of(client.get("/", headers=FRENCH)) == "en"


def test_the_switcher_never_sends_one_to_another_site(client, report):
    response = switch(client, "fr", "https://evil.example/")
    assert response["Location"] == "/"


def test_an_unoffered_language_is_refused_with_a_message_and_changes_nothing(client, member):
    client.force_login(member)
    response = switch(client, "xx")
    assert response.status_code == 400
    assert "coflight is not offered in that language." in response.content.decode()
    assert "django_language" not in response.cookies
    assert jean_pierre().language == ""


def test_a_signed_in_persons_choice_is_saved_and_follows_them_to_another_browser(client, member):
    client.force_login(member)
    switch(client, "fr")
    assert jean_pierre().language == "fr"
    elsewhere = Client()
    elsewhere.post("/accounts/login/", {"username": "jeanpierre", "password": "pw-jeanpierre-123"})
    page = elsewhere.get("/actions/mine/", headers=ENGLISH)
    assert language_of(page) == "fr" and "Mes actions" in text_of(page)


def test_without_a_saved_choice_a_signed_in_person_gets_their_browsers_language(client, member):
    client.post("/accounts/login/", {"username": "jeanpierre", "password": "pw-jeanpierre-123"})
    assert language_of(client.get("/actions/mine/", headers=FRENCH)) == "fr"
    assert language_of(client.get("/actions/mine/", headers=ENGLISH)) == "en"


def test_the_readers_page_cache_keeps_each_language_apart(client, report):
    english = client.get(report.get_absolute_url(), headers=ENGLISH)
    french = client.get(report.get_absolute_url(), headers=FRENCH)
    again = client.get(report.get_absolute_url(), headers=ENGLISH)
    assert "Thursday 16 May 2013" in text_of(english) and "Thursday 16 May 2013" in text_of(again)
    assert "jeudi 16 mai 2013" in text_of(french)


def test_commands_answer_in_the_shells_language(monkeypatch, report):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    out = io.StringIO()
    with translation.override("en"):
        speak_the_terminals_language()
        call_command("prune_live_events", stdout=out)
    assert "événements en direct" in out.getvalue()


def test_a_shell_in_an_unoffered_language_gets_english(monkeypatch, report):
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    out = io.StringIO()
    with translation.override("en"):
        speak_the_terminals_language()
        call_command("prune_live_events", stdout=out)
    assert out.getvalue().startswith("Deleted 0 live events")


def test_staff_set_a_persons_language_in_the_admin_from_the_languages_offered(
    client, report, superuser
):
    client.force_login(superuser)
    someone = jean_pierre()
    address = f"/admin/people/person/{someone.pk}/change/"
    page = client.get(address, headers=FRENCH).content.decode()
    assert '<option value="fr">Français</option>' in page
    form = {"given_name": someone.given_name, "family_name": someone.family_name, "language": "xx"}
    refused = client.post(address, form)
    assert refused.status_code == 200 and jean_pierre().language == ""
    client.post(address, form | {"language": "fr"})
    assert jean_pierre().language == "fr"

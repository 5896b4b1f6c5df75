"""Anonymous readers may get a page rendered earlier, but never one older than the data."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coflight.pagecache.models import Revision
from tests.conftest import FRESH_PAGE, HTMX, action_no, address, person, text_of

pytestmark = pytest.mark.django_db

PAGES = ["/", "the report", "/actions/", "action 4", "person Jean-Pierre", "organisation TSP"]


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def editor(member):
    client = Client()
    client.force_login(member)
    return client


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def card(response, action) -> str:
    """What a reader sees of one action on a page."""
    html = response.content.decode()
    start = html.index(f'id="action-{action.pk}"')
    fragment = html[start : html.index("</article>", start)]
    return text_of(SimpleNamespace(content=fragment.encode()))


def edit(client, action, name, data):
    return client.post(
        reverse(f"actions:{name}", args=[action.pk]), {"version": action.version, **data}
    )


@pytest.mark.parametrize("url", PAGES)
def test_a_page_read_again_comes_from_the_cache_in_one_query(
    reader, report, url, django_assert_num_queries
):
    url = address(url)
    first = reader.get(url)
    with django_assert_num_queries(1):
        again = reader.get(url)
    assert again.status_code == 200
    assert without_token(again.content) == without_token(first.content)


@pytest.mark.parametrize("url", ["the report", "/actions/", "action 4", "its owner's page"])
def test_closing_an_action_shows_on_every_cached_page_at_once(reader, editor, report, url):
    action = action_no(4)
    if url == "its owner's page":
        owner = action.ownerships.exclude(person=None).first()
        assert owner is not None and owner.person is not None
        url = owner.person.get_absolute_url()
    url = address(url)
    assert "Done" not in card(reader.get(url), action)
    assert edit(editor, action, "status", {"status": "done", "note": ""}).status_code == 302
    assert "Done" in card(reader.get(url), action)


def test_a_new_owner_shows_on_the_cached_meeting_page(reader, editor, report):
    action = action_no(13)
    assert "Marc" not in card(reader.get(report.get_absolute_url()), action)
    marc = person("Marc")
    assert edit(editor, action, "add_owner", {"person": marc.pk}).status_code == 302
    assert "Marc" in card(reader.get(report.get_absolute_url()), action)


def test_the_home_pages_open_counts_follow_a_closed_action(reader, editor, report):
    assert "Open actions raised here: 13" in text_of(reader.get("/"))
    edit(editor, action_no(1), "status", {"status": "dropped", "note": ""})
    assert "Open actions raised here: 12" in text_of(reader.get("/"))


def test_renaming_a_person_in_the_admin_shows_on_the_cached_report(reader, report, superuser):
    # The meeting page names attendees and owners as the report writes them; the people an
    # ambiguous name could be, by their own names.
    page = text_of(reader.get(report.get_absolute_url()))
    assert "Patrice (Université de Savoie)" in page
    admin = Client()
    admin.force_login(superuser)
    patrice = person("Patrice", "Université de Savoie")
    response = admin.post(
        reverse("admin:people_person_change", args=[patrice.pk]),
        {
            "given_name": "Patrice-renamed",
            "family_name": patrice.family_name,
            "note": "",
            "organisation": patrice.organisation_id,
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = text_of(reader.get(report.get_absolute_url()))
    assert "Patrice-renamed (Université de Savoie)" in page


def test_signed_in_users_never_get_a_readers_page(reader, editor, report):
    reader.get(report.get_absolute_url())
    page = editor.get(report.get_absolute_url()).content.decode()
    assert page.count("/controls/?next=") == 13
    assert "/controls/" not in reader.get(report.get_absolute_url()).content.decode()


def test_htmx_requests_and_pages_with_a_message_are_always_rendered(
    reader, report, django_assert_num_queries
):
    reader.get("/people/?q=Jean")
    with django_assert_num_queries(2):
        reader.get("/people/?q=Jean", **HTMX)
    reader.cookies["messages"] = "something"
    with django_assert_num_queries(2):
        reader.get("/people/?q=Jean")


def test_a_new_day_renders_pages_again(reader, report, monkeypatch, django_assert_num_queries):
    reader.get("/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)  # in Paris, as pages are
    monkeypatch.setattr("coflight.pagecache.shared.timezone.localdate", lambda: tomorrow)
    with django_assert_num_queries(FRESH_PAGE + 3):
        reader.get("/")


def test_each_reader_gets_their_own_csrf_token_for_the_language_switcher_only(report):
    pages, tokens = [], []
    for _ in range(2):
        reader = Client()
        response = reader.get(report.get_absolute_url())
        page = response.content.decode()
        assert "X-CSRFToken" not in page  # htmx sends no token: readers change nothing
        [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert page.index(token) > page.index('<form class="languages"')
        assert "\x00" not in page
        pages.append(page)
        tokens.append(reader.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]
    assert pages[0] != pages[1]
    assert without_token(pages[0].encode()) == without_token(pages[1].encode())


def test_the_revision_count_stays_small(db):
    for _ in range(2500):
        Revision.bump()
    assert Revision.objects.count() <= 1100
    latest, count = Revision.objects.latest("pk").pk, Revision.objects.count()
    assert Revision.objects.current() == f"{latest}.{count}"

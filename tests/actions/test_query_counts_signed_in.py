"""Members' pages and the fragments they get back stay within a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from coflight.meetings.models import Meeting
from tests.conftest import HTMX, REVISION, STORED, action_no, address, person

pytestmark = pytest.mark.django_db

# Every signed-in request: the session, with the revision of what users may do.
SIGNED_IN = 1
# A process reads the user, their permissions and their groups' once, then keeps them for that
# revision.
FIRST_IN_PROCESS = 3
# Every page or fragment with edit controls: the meetings offered as due (upcoming, recent).
DUE_CHOICES = 2


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # action; savepoint; version check; reload; update; history; the pages it shows on (its
        # meeting's date) and their new revision; its search entry (the owners it names, then
        # the entry); the live events (its meeting, its owners); release; then the fragment:
        # action, owners, owner candidates, who attended its meeting
        ("status", {"status": "done", "note": "ok"}, 16),
        # action; the chosen person; savepoint; version check; reload; already an owner?;
        # last position; insert; history; the pages it shows on (its meeting's date) and their
        # new revision; the new owner's email, queued; the action's search entry (owners,
        # entry); version bump; the live events; release; then the fragment
        ("add_owner", {"person": "Marc"}, 21),
    ],
)
def test_an_htmx_edit(client, member, any_size, name, data, expected, assert_queries):
    client.force_login(member)
    action = action_no(13)
    if "person" in data:
        data = {"person": person(data["person"]).pk}
    url = reverse(f"actions:{name}", args=[action.pk])
    with assert_queries(SIGNED_IN + FIRST_IN_PROCESS + DUE_CHOICES + expected):
        response = client.post(url, {"version": action.version, **data}, **HTMX)
    assert response.status_code == 200


def test_a_stale_edit(client, member, any_size, assert_queries):
    client.force_login(member)
    action = action_no(13)
    seen = action.version
    action.set_text("Elsewhere")
    url = reverse("actions:status", args=[action.pk])
    # action; savepoint; version check; rollback; release; then the fragment (action, owners,
    # candidates, who attended its meeting) and who last changed it (action history, owners')
    with assert_queries(SIGNED_IN + FIRST_IN_PROCESS + DUE_CHOICES + 11):
        response = client.post(url, {"version": seen, "status": "done"}, **HTMX)
    assert response.status_code == 409


def test_the_picker(client, member, any_size, assert_queries):
    client.force_login(member)
    # session and user (the page cache serves anonymous readers only, so it asks who this is);
    # then the search
    with assert_queries(2 + 1):
        response = client.get("/people/", {"q": "Moha", "picker": "1"}, **HTMX)
    assert response.status_code == 200


def same_page(response, other) -> bool:
    """The same page content, whoever is signed in (the header names them)."""

    def main(page) -> str:
        found = re.search(r"<main.*</main>", page.content.decode(), flags=re.S)
        assert found is not None
        return found.group(0)

    return main(response) == main(other)


@pytest.mark.parametrize(
    ("url", "header", "rendered"),
    [
        # the listing: count; a page of actions; owners; candidates; the filter's choices (3)
        ("/actions/", REVISION, 7),
        # the meeting with its page's revision; then its report, decisions, invitations and
        # amendments
        ("a weekly call", 1, 16),
        # is it their own page? the data's revision; then the person and their record
        ("person Tatiana", 1 + REVISION, 8),
        # the data's revision; then the organisation, its people and actions
        ("organisation OnApp", REVISION, 7),
    ],
)
def test_members_pages_are_rendered_once_for_all_who_may_do_the_same(
    client, member, any_size, url, header, rendered, assert_queries, django_user_model
):
    if url == "a weekly call":
        url = Meeting.objects.get(date="2013-05-30").get_absolute_url()
    url = address(url)
    client.force_login(member)
    with assert_queries(SIGNED_IN + FIRST_IN_PROCESS + header + STORED + rendered):
        first = client.get(url)
    assert first.status_code == 200
    with assert_queries(SIGNED_IN + header):
        assert same_page(client.get(url), first)
    colleague = django_user_model.objects.create_user("colleague", password="pw-colleague-123")
    colleague.groups.add(*member.groups.all())
    client.force_login(colleague)
    # (adding them to the group was a change of who may do what, not of what pages show)
    with assert_queries(SIGNED_IN + FIRST_IN_PROCESS + header):
        assert same_page(client.get(url), first)


def test_the_action_page_has_its_controls_and_the_meetings_due_can_move_to(
    client, member, any_size, assert_queries
):
    client.force_login(member)
    # the data's revision, the page looked for and stored; the action with meeting, agenda item
    # and due meeting; owners; owner candidates; the action's history; its owners' history
    url = action_no(13).get_absolute_url()
    with assert_queries(SIGNED_IN + REVISION + FIRST_IN_PROCESS + STORED + 5 + DUE_CHOICES):
        page = client.get(url)
    assert 'id="controls-' in page.content.decode()


def test_a_cards_controls_load_when_opened(client, member, any_size, assert_queries):
    client.force_login(member)
    action = action_no(13)
    # the action (may they?); the card: action, owners, candidates, who attended its meeting
    with assert_queries(SIGNED_IN + FIRST_IN_PROCESS + 1 + 4 + DUE_CHOICES):
        response = client.get(f"/actions/{action.pk}/controls/", {"next": "/"}, **HTMX)
    assert response.status_code == 200

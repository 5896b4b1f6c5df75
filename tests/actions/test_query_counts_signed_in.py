"""Members' pages and the fragments they get back stay within a fixed number of queries."""

import pytest
from django.urls import reverse

from coflight.meetings.models import Meeting
from tests.conftest import HTMX, action_no, address, person

pytestmark = pytest.mark.django_db

# Every signed-in request: session, user, the user's permissions and their groups'.
SIGNED_IN = 4
# Every page or fragment with edit controls: the meetings offered as due (upcoming, recent).
DUE_CHOICES = 2


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # action; savepoint; version check; reload; update; history; its search entry (the
        # owners it names, then the entry); a new page-cache revision; release; then the
        # fragment: action, owners, owner candidates, who attended its meeting
        ("status", {"status": "done", "note": "ok"}, 14),
        # action; the chosen person; savepoint; version check; reload; already an owner?;
        # last position; insert; history; the new owner's email, queued; the action's search
        # entry (action, owners, entry); a new page-cache revision; version bump; release;
        # then the fragment
        ("add_owner", {"person": "Marc"}, 20),
    ],
)
def test_an_htmx_edit(client, member, any_size, name, data, expected, assert_queries):
    client.force_login(member)
    action = action_no(13)
    if "person" in data:
        data = {"person": person(data["person"]).pk}
    url = reverse(f"actions:{name}", args=[action.pk])
    with assert_queries(SIGNED_IN + DUE_CHOICES + expected):
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
    with assert_queries(SIGNED_IN + DUE_CHOICES + 11):
        response = client.post(url, {"version": seen, "status": "done"}, **HTMX)
    assert response.status_code == 409


def test_the_picker(client, member, any_size, assert_queries):
    client.force_login(member)
    # session and user (the page cache serves anonymous readers only, so it asks who this is);
    # then the search
    with assert_queries(2 + 1):
        response = client.get("/people/", {"q": "Moha", "picker": "1"}, **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "anonymous"),
    [
        ("/actions/", 7),
        ("action 13", 5),
        ("a weekly call", 12),
        ("person Tatiana", 7),
        ("organisation OnApp", 5),
    ],
)
def test_pages_with_edit_controls(client, member, any_size, url, anonymous, assert_queries):
    if url == "a weekly call":
        url = Meeting.objects.get(date="2013-05-30").get_absolute_url()
    client.force_login(member)
    url = address(url)
    with assert_queries(anonymous + SIGNED_IN + DUE_CHOICES):
        assert client.get(url).status_code == 200

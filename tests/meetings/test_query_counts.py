"""The planning pages and fragments cost the same number of queries from the fixture to fifty
times its size."""

import pytest

from coflight.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from coflight.people.models import Person
from tests.actions.test_query_counts_signed_in import FIRST_IN_PROCESS, SIGNED_IN
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

SIGNED_IN_FIRST = SIGNED_IN + FIRST_IN_PROCESS


@pytest.fixture
def weekly(any_size) -> Meeting:
    meeting = Meeting.objects.get(date="2013-05-30")
    for position, title in enumerate(["Action review", "Release", "AOB"], 1):
        AgendaItem.objects.create(
            meeting=meeting, label=str(position), position=position * 100, title=title
        )
    return meeting


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the meeting; its agenda items, their presenters and materials; the parent choices of
        # the new item's form
        ("/meetings/{pk}/agenda/", 5),
        # the meeting with its series
        ("/meetings/{pk}/edit/", 1),
        ("/meetings/new/", 0),
    ],
)
def test_the_planning_pages_take_the_same_queries_whatever_the_size(
    weekly, client, secretary, url, queries, assert_queries
):
    client.force_login(secretary)
    with assert_queries(SIGNED_IN_FIRST + queries):
        assert client.get(url.format(pk=weekly.pk)).status_code == 200


def test_an_agenda_move_takes_the_same_queries_whatever_the_size(
    weekly, client, secretary, assert_queries
):
    client.force_login(secretary)
    item = weekly.agenda_items.get(title="AOB")
    client.get("/")  # the user and permissions, once per process
    # the meeting; the item; then, in one transaction: the meeting locked, the item again, its
    # siblings, the swap, the renumbering (items, labels out of the way, new labels) and the
    # meeting page's new revision and its live event; then the editor again (the items, their
    # presenters and materials, the new item's choices)
    with assert_queries(SIGNED_IN + 17):
        response = client.post(
            f"/meetings/{weekly.pk}/agenda/{item.pk}/move/", {"direction": "up"}, **HTMX
        )
    assert response.status_code == 200


def test_the_secretarys_view_and_its_saves_take_the_same_queries_whatever_the_size(
    weekly, client, secretary, assert_queries
):
    client.force_login(secretary)
    Meeting.objects.filter(pk=weekly.pk).update(
        status=Meeting.Status.IN_PROGRESS, started_at=weekly.starts_at
    )
    review = weekly.agenda_items.get(title="Action review")
    client.get("/")
    # the meeting; the current item; the agenda; its decisions; its actions (none yet); the
    # review: the actions due here, then the latest still open, each with owners and candidates
    with assert_queries(SIGNED_IN + 11):
        assert client.get(f"/meetings/{weekly.pk}/minutes/?item={review.pk}").status_code == 200
    # the meeting; the item; then, in a savepoint: the claim of its version, the save, its
    # history, the meeting page's revision, the search entry and the live event
    with assert_queries(SIGNED_IN + 10):
        response = client.post(
            f"/meetings/{weekly.pk}/agenda/{review.pk}/minutes/",
            {"minutes": "Reviewed.", "version": review.version},
            **HTMX,
        )
    assert response.status_code == 200


def test_the_roll_call_takes_the_same_queries_whatever_the_size(
    weekly, client, secretary, assert_queries, any_size
):
    client.force_login(secretary)
    stuart, jamie = Person.objects.filter(given_name__in=["Stuart", "Jamie"])[:2]
    Invitation.objects.create(meeting=weekly, person=stuart, absence="excused")
    Invitation.objects.create(meeting=weekly, person=jamie)
    Attendance.objects.create(meeting=weekly, person=jamie, written_as="Jamie")
    client.get("/")
    # the meeting; its invitations with their people; its attendances with theirs
    with assert_queries(SIGNED_IN + 3):
        assert client.get(f"/meetings/{weekly.pk}/roll-call/").status_code == 200


@pytest.mark.parametrize(
    ("line", "queries"),
    [
        # the meeting; the item; then, in a savepoint: the meeting locked, the last
        # position, the decision, its history, the meeting page's revision, its search entry
        # (one upsert), the live event; the fragment that appends it shows it as saved, without
        # loading it again
        ("Decision: all participants agreed to release", 11),
        # an action also looks up the people present, then everyone, by name, and the due
        # meeting; saves its owner with history and the assignment email; then, once, its
        # search entry, the pages of the meeting and of the one it is due at, and the live
        # events of both and of the owner's "My actions", in one statement
        ("Action: Stuart to send the slides before the next weekly meeting", 18),
    ],
)
def test_a_captured_line_takes_the_same_queries_whatever_the_size(
    weekly, client, secretary, assert_queries, line, queries
):
    client.force_login(secretary)
    Meeting.objects.filter(pk=weekly.pk).update(
        status=Meeting.Status.IN_PROGRESS, started_at=weekly.starts_at
    )
    release = weekly.agenda_items.get(title="Release")
    client.get("/")
    with assert_queries(SIGNED_IN + queries):
        response = client.post(
            f"/meetings/{weekly.pk}/capture/",
            {"item": release.pk, "line": line},
            **HTMX,
        )
    assert response.status_code == 200


def test_the_amendment_form_takes_the_same_queries_whatever_the_size(
    any_size, client, secretary, assert_queries
):
    client.force_login(secretary)
    report = Meeting.objects.get(date="2013-05-16")
    item = report.agenda_items.order_by("position", "pk")[0]
    client.get("/")
    # the item with its meeting and parent
    with assert_queries(SIGNED_IN + 1):
        assert client.get(f"/meetings/{report.pk}/agenda/{item.pk}/amend/").status_code == 200


def test_adding_a_presenter_takes_the_same_queries_whatever_the_size(
    weekly, client, secretary, assert_queries
):
    client.force_login(secretary)
    release = weekly.agenda_items.get(title="Release")
    stuart = Person.objects.get(given_name="Stuart")
    client.get("/")
    # the meeting; the item; the person; then, in one transaction: the meeting locked, the last
    # position, the presenter looked for and added, the meeting page's revision, its live event;
    # then the editor again
    with assert_queries(SIGNED_IN + 18):
        response = client.post(
            f"/meetings/{weekly.pk}/agenda/{release.pk}/presenters/", {"person": stuart.pk}, **HTMX
        )
    assert response.status_code == 200

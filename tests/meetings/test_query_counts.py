"""The planning pages and fragments cost the same number of queries from the fixture to fifty
times its size."""

import pytest

from coflight.meetings.models import AgendaItem, Meeting
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
        # the meeting; its agenda items; the parent choices of the new item's form
        ("/meetings/{pk}/agenda/", 3),
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
    # meeting page's new revision; then the editor again (the items, the new item's choices)
    with assert_queries(SIGNED_IN + 14):
        response = client.post(
            f"/meetings/{weekly.pk}/agenda/{item.pk}/move/", {"direction": "up"}, **HTMX
        )
    assert response.status_code == 200

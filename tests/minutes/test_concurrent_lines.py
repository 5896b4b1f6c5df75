"""A line sent twice at once (a double click, two tabs) adds one action, on SQLite and on
PostgreSQL alike."""

import datetime

import pytest
from django.test import Client

from coflight.actions.models import Action
from coflight.meetings import services
from tests.conftest import HTMX, at_once
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_line_sent_twice_at_once_adds_one_action(secretary):
    meeting = make_meeting(date=datetime.date(2079, 3, 4), title="Sync call", status="planned")
    item = services.add_item(meeting, title="Roadmap")
    make_person("Zelda", family_name="Quist")
    services.start(meeting)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(secretary)
        clients.append(client)
    form = {"item": item.pk, "line": "Action: Zelda to draft the roadmap", "capture_token": "t-1"}

    def send(client: Client) -> str:
        return client.post(f"/meetings/{meeting.pk}/capture/", form, **HTMX).content.decode()

    answers = at_once(*(lambda c=c: send(c) for c in clients))
    assert Action.objects.filter(meeting=meeting).count() == 1
    assert sum("This line was already added." in a for a in answers) == 1
    assert sum("added." in a and "already" not in a for a in answers) == 1


@pytest.mark.parametrize("kind", ["Action: Zelda to draft part", "Decision: we agreed on part"])
def test_different_lines_sent_at_once_each_get_a_place_of_their_own(secretary, kind):
    meeting = make_meeting(date=datetime.date(2079, 3, 5), title="Sync call", status="planned")
    item = services.add_item(meeting, title="Roadmap")
    make_person("Zelda", family_name="Quist")
    services.start(meeting)
    client = Client()
    client.force_login(secretary)

    def send(n: int) -> int:
        form = {"item": item.pk, "line": f"{kind} {n}", "capture_token": f"t-{n}"}
        return client.post(f"/meetings/{meeting.pk}/capture/", form, **HTMX).status_code

    for first in (0, 4, 8):
        assert at_once(*(lambda n=n: send(n) for n in range(first, first + 4))) == [200] * 4
    rows = meeting.actions if kind.startswith("Action") else meeting.decisions
    assert sorted(rows.values_list("position", flat=True)) == list(range(1, 13))

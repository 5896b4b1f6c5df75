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

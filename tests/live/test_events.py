"""The event log: written with each change or not at all, numbered in the order of commits, and
heard by every process."""

import datetime
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections, transaction

from coflight.live.events import publish
from coflight.live.models import Event
from coflight.meetings import services
from coflight.meetings.models import Meeting
from tests.factories import make_meeting
from tests.live.test_streams import opened, run, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite commits one writer at a time"
)


@pytest.fixture
def meeting(report) -> Meeting:
    meeting = make_meeting(date=datetime.date(2079, 3, 4), title="Sync call", status="planned")
    services.add_item(meeting, title="Roadmap")
    services.start(meeting)
    return meeting


def test_a_change_rolled_back_leaves_no_event(meeting):
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_item(meeting, title="Never kept")
        raise RuntimeError
    assert Event.objects.count() == before


def test_a_write_of_several_saves_is_one_event_per_page(meeting):
    item = meeting.agenda_items.get()
    before = Event.objects.count()
    item.write_minutes("Typed", item.version)
    assert Event.objects.count() == before + 1
    event = Event.objects.order_by("-seq").first()
    assert event is not None
    assert (event.topic, event.targets) == (f"meeting:{meeting.pk}", f"item-{item.pk}")


def test_starting_ending_and_publishing_send_the_whole_page(meeting):
    services.end(meeting)
    event = Event.objects.order_by("-seq").first()
    assert event is not None and event.targets == "live-report"


@postgresql_only
def test_events_are_numbered_in_the_order_their_transactions_commit(meeting):
    first_written, second_done = threading.Event(), threading.Event()

    def slow() -> None:
        with transaction.atomic():
            publish("meeting:1", "first")
            first_written.set()
            second_done.wait(10)
        connections.close_all()

    def quick() -> None:
        first_written.wait(10)
        with transaction.atomic():
            publish("meeting:1", "second")
        second_done.set()
        connections.close_all()

    threads = [threading.Thread(target=slow), threading.Thread(target=quick)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    order = list(Event.objects.filter(topic="meeting:1").order_by("seq"))
    # Written first, committed last: delivered last, so that no stream skips it.
    assert [e.targets for e in order] == ["second", "first"]
    assert order[0].pk > order[1].pk


@postgresql_only
def test_a_change_made_by_another_process_reaches_this_ones_streams(meeting, member):
    client = signed_in(member)
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "DJANGO_SETTINGS_MODULE": "coflight.settings",
    }
    item = meeting.agenda_items.get()
    code = (
        "from coflight.meetings.models import AgendaItem; "
        f"i = AgendaItem.objects.get(pk={item.pk}); i.write_minutes('From elsewhere', i.version)"
    )

    async def scenario():
        stream = await opened(client, meeting)
        command = [sys.executable, "manage.py", "shell", "-c", code]
        await sync_to_async(subprocess.check_call)(command, cwd=ROOT, env=env)
        event = await stream.next(timeout=10)
        assert "From elsewhere" in event["data"]

    run(scenario)

"""A meeting's stream, opened as a browser opens it (over ASGI, Django's AsyncClient): what it
carries, to whom, and after a reconnection."""

import asyncio
import datetime
import re
import threading

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import connections
from django.test import AsyncClient

from coflight.live import hub as live_hub
from coflight.live.models import Event
from coflight.meetings import services
from coflight.meetings.models import Meeting
from coflight.minutes import capture
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.COFLIGHT_LIVE_HEARTBEAT_SECONDS = 0.3


class Stream:
    """The events of an open stream, one at a time, as an EventSource reads them."""

    def __init__(self, response) -> None:
        self.response = response
        self.chunks = response.streaming_content.__aiter__()
        self.buffer = ""

    async def next(self, timeout: float = 3.0) -> dict:
        """The next event that has an id: {"id": …, "data": …}."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            while "\n\n" in self.buffer:
                block, self.buffer = self.buffer.split("\n\n", 1)
                fields: dict = {"data": []}
                for line in block.split("\n"):
                    name, _colon, value = line.partition(": ")
                    if name == "data":
                        fields["data"].append(value)
                    elif name in ("id", "event"):
                        fields[name] = value
                if "id" in fields:
                    fields["data"] = "\n".join(fields["data"])
                    return fields
            left = deadline - asyncio.get_running_loop().time()
            chunk = await asyncio.wait_for(self.chunks.__anext__(), max(left, 0.01))
            self.buffer += chunk.decode()

    async def ended(self, timeout: float = 3.0) -> bool:
        try:
            while True:
                await asyncio.wait_for(self.chunks.__anext__(), timeout)
        except StopAsyncIteration:
            return True
        except TimeoutError:
            return False


def signed_in(user) -> AsyncClient:
    client = AsyncClient()
    client.force_login(user)
    return client


def run(scenario) -> None:
    """Runs `scenario` in an event loop of its own, in a thread of its own (another test may have
    left a loop running in this one: Playwright's), and closes that loop's hub after it."""

    async def within():
        try:
            await scenario()
        finally:
            # The hub of this loop, if a stream made one.
            started = live_hub._hubs.get(asyncio.get_running_loop())
            if started is not None:
                await started.close()
            await sync_to_async(connections.close_all)()

    in_thread(lambda: asyncio.run(within()))


def in_thread(call) -> None:
    failed: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as error:  # re-raised in the test's own thread
            failed.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if failed:
        raise failed[0]


@pytest.fixture
def in_progress(report) -> Meeting:
    meeting = make_meeting(date=datetime.date(2079, 3, 4), title="Sync call", status="planned")
    services.add_item(meeting, title="Roadmap")
    services.start(meeting)
    return meeting


def add_line(meeting: Meeting, line: str):
    item = meeting.agenda_items.get()
    return capture.save(capture.read(line, meeting), meeting, item)


def write_minutes(meeting: Meeting, text: str) -> None:
    item = meeting.agenda_items.get()
    item.write_minutes(text, item.version)


async def opened(client: AsyncClient, meeting: Meeting, **headers) -> Stream:
    """The stream, as a page rendered at the current revision opens it."""
    revision = await sync_to_async(Meeting.page_revision_of)(meeting.pk)
    address = f"/live/meetings/{meeting.pk}/?revision={revision}"
    response = await client.get(address, headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/event-stream")
    return Stream(response)


def test_a_member_sees_an_action_added_by_one_line_with_its_owner(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        action = await sync_to_async(add_line)(in_progress, "Action: Stuart to send the slides")
        event = await stream.next()
        assert event["event"] == "change"
        assert f'id="action-{action.pk}"' in event["data"]
        assert "Send the slides" in event["data"] and "Stuart" in event["data"]
        assert 'hx-swap-oob="true"' in event["data"]
        # The member's own CSRF token, not the mark the shared rendering holds.
        assert "\x00" not in event["data"]

    run(scenario)


def test_a_reader_is_told_of_each_change_but_never_sent_the_draft(in_progress, client):
    async def scenario():
        stream = await opened(AsyncClient(), in_progress)
        await sync_to_async(write_minutes)(in_progress, "Draft: the budget is secret")
        event = await stream.next()
        assert event["data"] == ""
        seq = await sync_to_async(
            Event.objects.order_by("-seq").values_list("seq", flat=True).first
        )()
        assert int(event["id"]) == seq

    run(scenario)
    assert "budget is secret" not in client.get(in_progress.get_absolute_url()).content.decode()


def test_what_a_member_types_arrives_escaped(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        await sync_to_async(write_minutes)(in_progress, "<script>alert(1)</script> & co")
        event = await stream.next()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in event["data"]
        assert "<script>alert" not in event["data"]

    run(scenario)


def test_a_reconnecting_page_gets_what_it_missed_in_order(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        await sync_to_async(write_minutes)(in_progress, "First")
        seen = await stream.next()
        # Away: two changes happen.
        first = await sync_to_async(add_line)(in_progress, "Action: Stuart to book a room")
        second = await sync_to_async(add_line)(in_progress, "Action: Stuart to send the notes")
        again = await opened(client, in_progress, **{"Last-Event-ID": seen["id"]})
        missed = [await again.next(), await again.next()]
        assert [int(e["id"]) for e in missed] == sorted(int(e["id"]) for e in missed)
        assert int(missed[0]["id"]) > int(seen["id"])
        assert f'id="action-{first.pk}"' in missed[0]["data"]
        assert f'id="action-{second.pk}"' in missed[1]["data"]

    run(scenario)


def test_a_page_away_longer_than_the_log_keeps_is_told_to_reload(in_progress, member):
    client = signed_in(member)
    write_minutes(in_progress, "One")
    write_minutes(in_progress, "Two")
    write_minutes(in_progress, "Three")
    first = Event.objects.order_by("seq").first()
    assert first is not None and first.seq is not None
    Event.objects.filter(seq__lt=first.seq + 2).delete()

    async def scenario():
        stream = await opened(client, in_progress, **{"Last-Event-ID": str(first.seq)})
        event = await stream.next()
        assert "live-status" in event["data"] and "Reload it" in event["data"]

    run(scenario)


def test_a_page_loaded_before_a_change_gets_it_when_its_stream_opens(in_progress, member, client):
    client.force_login(member)
    page = client.get(in_progress.get_absolute_url()).content.decode()
    address = re.search(r'sse-connect="([^"]+)"', page)
    assert address is not None
    write_minutes(in_progress, "Typed before the stream opened")
    stream_client = signed_in(member)

    async def scenario():
        response = await stream_client.get(address[1].replace("&amp;", "&"))
        event = await Stream(response).next()
        assert "Typed before the stream opened" in event["data"]
        assert 'id="live-report"' in event["data"]

    run(scenario)


def test_signing_out_ends_the_stream_within_a_heartbeat(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        await client.alogout()
        assert await stream.ended(timeout=2)

    run(scenario)


def test_losing_the_permission_ends_the_stream_within_a_heartbeat(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        await sync_to_async(member.groups.clear)()
        assert await stream.ended(timeout=2)

    run(scenario)


def test_without_public_reading_anonymous_visitors_get_no_stream(in_progress, settings):
    settings.COFLIGHT_PUBLIC_READ = False

    async def scenario():
        response = await AsyncClient().get(f"/live/meetings/{in_progress.pk}/")
        assert response.status_code in (302, 403)
        assert not response.get("Content-Type", "").startswith("text/event-stream")

    run(scenario)


def test_past_the_limit_per_user_a_stream_is_refused_with_retry_after(
    in_progress, member, settings
):
    settings.COFLIGHT_LIVE_STREAMS_PER_USER = 2
    client = signed_in(member)

    async def scenario():
        await opened(client, in_progress)
        await opened(client, in_progress)
        refused = await client.get(f"/live/meetings/{in_progress.pk}/")
        assert refused.status_code == 503
        assert refused["Retry-After"].isdigit()
        # Another user is not counted against this one.
        await opened(AsyncClient(), in_progress)

    run(scenario)


class FromAddress(AsyncClient):
    """A browser on another network than the tests' own 127.0.0.1."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def _base_scope(self, **request):
        scope = super()._base_scope(**request)  # type: ignore[misc]  # not in the stubs
        return {**scope, "client": [self.address, 0]}


def test_past_the_limit_per_address_a_visitor_not_signed_in_is_refused(
    in_progress, member, settings
):
    settings.COFLIGHT_LIVE_STREAMS_PER_ADDRESS = 2
    signed_in_here = signed_in(member)

    async def scenario():
        await opened(AsyncClient(), in_progress)
        await opened(AsyncClient(), in_progress)
        refused = await AsyncClient().get(f"/live/meetings/{in_progress.pk}/")
        assert refused.status_code == 503 and refused["Retry-After"].isdigit()
        # Someone else's address, and a member signed in from the same one, are not counted.
        await opened(FromAddress("192.0.2.7"), in_progress)
        await opened(signed_in_here, in_progress)

    run(scenario)


def test_a_closed_stream_frees_its_place_for_its_address(in_progress, settings):
    settings.COFLIGHT_LIVE_STREAMS_PER_ADDRESS = 1

    async def scenario():
        first = await opened(AsyncClient(), in_progress)
        for watching in live_hub.hub().topics.values():
            for subscriber in watching:
                subscriber.close()
        assert await first.ended()
        await opened(AsyncClient(), in_progress)
        assert live_hub.hub().per_client == {"127.0.0.1": 1}

    run(scenario)


def test_past_the_limit_per_process_a_stream_is_refused(in_progress, settings):
    settings.COFLIGHT_LIVE_STREAMS_PER_PROCESS = 1

    async def scenario():
        await opened(AsyncClient(), in_progress)
        refused = await AsyncClient().get(f"/live/meetings/{in_progress.pk}/")
        assert refused.status_code == 503 and "Retry-After" in refused

    run(scenario)


def test_an_unknown_meeting_has_no_stream(report):
    async def scenario():
        assert (await AsyncClient().get("/live/meetings/999999/")).status_code == 404

    run(scenario)


def test_a_stream_asked_for_outside_asgi_says_why(in_progress, client):
    answers = []
    in_thread(lambda: answers.append(client.get(f"/live/meetings/{in_progress.pk}/")))
    assert answers[0].status_code == 501
    assert "ASGI" in answers[0].content.decode()


def test_pruning_keeps_the_newest_event_and_drops_the_old(in_progress, settings):
    write_minutes(in_progress, "One")
    write_minutes(in_progress, "Two")
    Event.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    write_minutes(in_progress, "Three")
    call_command("prune_live_events")
    assert Event.objects.count() == 1
    Event.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    call_command("prune_live_events")
    # The newest stays, so that a page that saw it is not told to reload for nothing.
    assert Event.objects.count() == 1


def test_my_actions_light_up_with_the_action_just_given_to_me(in_progress, member):
    client = signed_in(member)

    async def scenario():
        response = await client.get("/live/mine/")
        assert response.status_code == 200
        stream = Stream(response)
        opening = await stream.next()
        # As the page opens: the list as it is, nothing lit up.
        assert 'id="live-my-actions"' in opening["data"]
        assert "data-live-changed" not in opening["data"]
        action = await sync_to_async(add_line)(in_progress, "Action: Jean-Pierre to record a demo")
        given = await stream.next()
        assert int(given["id"]) > int(opening["id"])
        assert f'id="action-{action.pk}"' in given["data"] and "Record a demo" in given["data"]
        assert "data-live-changed" in given["data"]

    run(scenario)


def test_someone_elses_action_does_not_reach_my_actions(in_progress, member):
    client = signed_in(member)

    async def scenario():
        stream = Stream(await client.get("/live/mine/"))
        await stream.next()
        await sync_to_async(add_line)(in_progress, "Action: Stuart to book the room")
        with pytest.raises(TimeoutError):
            await stream.next(timeout=1.5)

    run(scenario)


def test_my_actions_stream_is_for_a_signed_in_person(report, outsider):
    client = signed_in(outsider)

    async def scenario():
        assert (await AsyncClient().get("/live/mine/")).status_code == 403
        # Signed in, but no person of the report is theirs: no actions to follow.
        assert (await client.get("/live/mine/")).status_code == 404

    run(scenario)


async def person_page_stream(client: AsyncClient, person, query: str = "") -> Stream:
    """The stream, as their page, rendered at the current revision, opens it."""
    page = await client.get(f"/people/{person.pk}/{query}")
    address = re.search(r'sse-connect="([^"]+)"', page.content.decode())
    assert address is not None
    response = await client.get(address[1].replace("&amp;", "&"))
    assert response.status_code == 200, response.content
    return Stream(response)


def stuart():
    from coflight.people.models import Person

    return Person.objects.get(given_name="Stuart")


def test_a_persons_page_lights_up_with_the_action_just_given_to_them(in_progress, member):
    person = stuart()
    client = signed_in(member)

    async def scenario():
        stream = await person_page_stream(client, person)
        action = await sync_to_async(add_line)(in_progress, "Action: Stuart to print the posters")
        event = await stream.next()
        assert 'id="live-person"' in event["data"]
        assert f'id="action-{action.pk}" data-live-changed' in event["data"]
        assert "Print the posters" in event["data"]

    run(scenario)


def test_a_reader_of_a_persons_page_is_not_sent_an_action_of_minutes_being_written(in_progress):
    person = stuart()

    async def scenario():
        stream = await person_page_stream(AsyncClient(), person)
        await sync_to_async(add_line)(in_progress, "Action: Stuart to print the posters")
        event = await stream.next()
        assert "Print the posters" not in event["data"]
        assert "data-live-changed" not in event["data"]

    run(scenario)


def test_a_persons_page_adds_the_meeting_they_are_marked_present_at(in_progress):
    person = stuart()

    async def scenario():
        stream = await person_page_stream(AsyncClient(), person)
        await sync_to_async(services.call)(in_progress, person, "present")
        event = await stream.next()
        assert 'id="live-person"' in event["data"] and "Sync call" in event["data"]

    run(scenario)


def test_someone_elses_action_does_not_reach_a_persons_page(in_progress):
    person = stuart()

    async def scenario():
        stream = await person_page_stream(AsyncClient(), person)
        await sync_to_async(add_line)(in_progress, "Action: Jean-Pierre to book the room")
        with pytest.raises(TimeoutError):
            await stream.next(timeout=1.5)

    run(scenario)


def test_my_own_page_follows_the_page_of_meetings_it_shows(in_progress, member, settings):
    settings.COFLIGHT_LIST_LIMIT = 1
    client = signed_in(member)
    person = member.person
    services.call(in_progress, person, "present")

    async def scenario():
        stream = await person_page_stream(client, person, "?meetings=2")
        await sync_to_async(add_line)(in_progress, "Action: Jean-Pierre to record a demo")
        event = await stream.next()
        assert "Page 2 of 2" in event["data"]
        assert "\x00" not in event["data"]

    run(scenario)


def test_a_persons_page_loaded_before_a_change_gets_it_when_its_stream_opens(in_progress, member):
    person = stuart()
    client = signed_in(member)

    async def scenario():
        page = (await client.get(f"/people/{person.pk}/")).content.decode()
        address = re.search(r'sse-connect="([^"]+)"', page)
        assert address is not None
        await sync_to_async(add_line)(in_progress, "Action: Stuart to water the plants")
        event = await Stream(await client.get(address[1].replace("&amp;", "&"))).next()
        assert 'id="live-person"' in event["data"] and "Water the plants" in event["data"]

    run(scenario)


def test_a_persons_page_stream_for_nobody_or_for_nobody_signed_in(report, settings):
    async def scenario():
        assert (await AsyncClient().get("/live/people/999999/")).status_code == 404
        settings.COFLIGHT_PUBLIC_READ = False
        refused = await AsyncClient().get(f"/live/people/{(await sync_to_async(stuart)()).pk}/")
        assert refused.status_code in (302, 403)
        assert not refused.get("Content-Type", "").startswith("text/event-stream")

    run(scenario)


def earlier_open_action(report, meeting):
    from coflight.actions.models import Action

    action = Action.objects.filter(meeting=report, status="open").exclude(due_meeting=meeting)
    found = action.order_by("pk").first()
    assert found is not None
    return found


def test_a_later_meetings_review_follows_an_earlier_action_as_it_closes(
    in_progress, report, member
):
    earlier = earlier_open_action(report, in_progress)
    client = signed_in(member)
    card = f'id="action-{earlier.pk}"'

    async def scenario():
        assert card in (await client.get(in_progress.get_absolute_url())).content.decode()
        stream = await opened(client, in_progress)
        await sync_to_async(earlier.set_status)("done", "Sent round")
        event = await stream.next()
        assert 'id="live-review"' in event["data"]
        assert card not in event["data"]

    run(scenario)


def test_a_later_meeting_reconnecting_gets_the_earlier_action_it_missed(
    in_progress, report, member
):
    earlier = earlier_open_action(report, in_progress)
    client = signed_in(member)

    async def scenario():
        stream = await opened(client, in_progress)
        await sync_to_async(write_minutes)(in_progress, "First")
        seen = await stream.next()
        await sync_to_async(earlier.set_text)("Send the slides to everyone who came")
        again = await opened(client, in_progress, **{"Last-Event-ID": seen["id"]})
        missed = await again.next()
        assert 'id="live-review"' in missed["data"]
        assert "Send the slides to everyone who came" in missed["data"]

    run(scenario)


def test_an_earlier_meetings_page_is_not_told_of_a_later_meetings_actions(in_progress, report):
    async def scenario():
        stream = await opened(AsyncClient(), report)
        await sync_to_async(add_line)(in_progress, "Action: Stuart to book the next room")
        with pytest.raises(TimeoutError):
            await stream.next(timeout=1.5)

    run(scenario)

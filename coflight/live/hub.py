"""Each server process's one listener: it learns of new events, renders what changed once for
each kind of viewer, and hands the result to every open stream.

On PostgreSQL a connection LISTENs for the NOTIFY each committed event sends (migration 0001),
so a change made in any process reaches the streams of all of them. On SQLite, the embedded
default, one process serves everything and the commit itself wakes the listener.

The database work (reading events, rendering pages) runs in one thread of the hub's own, with
its own database connection: it never waits behind the pages' requests, nor they behind it.
"""

import asyncio
import contextlib
import dataclasses
import logging
import random
import signal
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q

from coflight.meetings.models import Meeting

from . import events, fragments
from .models import Event

logger = logging.getLogger(__name__)
CHANNEL = "coflight_live"
# A stream that falls this far behind is closed; its browser reconnects and catches up.
QUEUE_SIZE = 200
# At most this many events are read at once.
BATCH = 500
CLOSE = None
WHOLE_PART = {"meeting": events.WHOLE, "mine": events.MINE, "person": events.PERSON_PAGE}
POLL_SECONDS = 1.0
MEETING_PREFIX = events.MEETING.format("")
LATER_PREFIX = events.LATER.format("")


@dataclasses.dataclass(eq=False, slots=True)
class Subscriber:
    """One open stream: what it watches, as whom, and how far it has got."""

    topic: str
    view: str  # which page of the topic: "meeting", "mine" (My actions) or "person"
    audience: str  # the same for every viewer who may see the same (pagecache's permissions key)
    user: Any
    session_key: str | None
    language: str
    # Whom the per-client limit counts it against: the signed-in user, or else the address.
    client: int | str | None = None
    query: str = ""  # the page's own query string, where it has one (a page of a list)
    cursor: int = 0
    # Where a new stream starts: after this event (Last-Event-ID), or with the whole page.
    catch_up_after: int | None = None
    whole_page: bool = False
    # What is still to send, and the stream waiting for it: lighter than an asyncio.Queue, whose
    # three deques cost each open stream a few KB.
    pending: list = dataclasses.field(default_factory=list)
    waiter: asyncio.Future | None = None

    @property
    def sees_the_same(self) -> tuple:
        """Those for whom a page is rendered once: the same page, permissions and language, and
        for "My actions" or a person's page that may be their own, the same person."""
        own = self.user.pk if self.view != "meeting" and self.user.is_authenticated else None
        return (self.view, self.query, self.audience, self.language, own)

    def send(self, message: bytes | None) -> None:
        if len(self.pending) >= QUEUE_SIZE:
            self.close()
        else:
            self._put(message)

    def close(self) -> None:
        self.pending.clear()
        self._put(CLOSE)

    def end(self, message: bytes) -> None:
        """Ends the stream after what it has still to send, and `message`."""
        if len(self.pending) + 2 > QUEUE_SIZE:
            self.close()
        else:
            self._put(message)
            self._put(CLOSE)

    async def next(self, timeout: float) -> bytes | None:
        """The next message (CLOSE to end), or TimeoutError after `timeout` seconds of none."""
        if not self.pending:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self.waiter, timeout)
            finally:
                self.waiter = None
        return self.pending.pop(0)

    def _put(self, message: bytes | None) -> None:
        self.pending.append(message)
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


class Hub:
    def __init__(self) -> None:
        self.topics: dict[str, set[Subscriber]] = defaultdict(set)
        self.per_client: dict[int | str, int] = defaultdict(int)
        self.count = 0
        self.ending = False
        self.last_seq = 0
        self.oldest_seq = 0
        self.wake = asyncio.Event()
        self.started = asyncio.Event()
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="coflight-live")
        self.loop = asyncio.get_running_loop()
        self.tasks = [self.loop.create_task(self._run())]
        if connections["default"].vendor == "postgresql":
            self.tasks.append(self.loop.create_task(self._listen()))
        else:
            this = weakref.ref(self)

            def wake() -> None:
                found = this()
                if found is not None:
                    found.wake_from_thread()

            events.after_commit.append(wake)

    # --- streams ------------------------------------------------------------------------------

    def admit(self, client: int | str | None) -> bool:
        """Whether one more stream may open, for this process and this client: a signed-in user
        (by their id), or anyone not signed in (by their address, which a whole room on one
        network shares: hence its higher limit)."""
        if self.ending or self.count >= settings.COFLIGHT_LIVE_STREAMS_PER_PROCESS:
            return False
        if isinstance(client, int):
            return self.per_client.get(client, 0) < settings.COFLIGHT_LIVE_STREAMS_PER_USER
        if client:
            return self.per_client.get(client, 0) < settings.COFLIGHT_LIVE_STREAMS_PER_ADDRESS
        return True

    async def subscribe(self, subscriber: Subscriber) -> None:
        await self.started.wait()
        self.count += 1
        if subscriber.client is not None:
            self.per_client[subscriber.client] += 1
        subscriber.cursor = self.last_seq
        self.topics[subscriber.topic].add(subscriber)
        self.wake.set()

    def unsubscribe(self, subscriber: Subscriber) -> None:
        watching = self.topics.get(subscriber.topic)
        if watching is None or subscriber not in watching:
            return
        watching.discard(subscriber)
        if not watching:
            del self.topics[subscriber.topic]
        self.count -= 1
        if subscriber.client is not None:
            self.per_client[subscriber.client] -= 1
            if not self.per_client[subscriber.client]:
                del self.per_client[subscriber.client]

    def end_streams(self) -> None:
        """The server is stopping: every stream ends now, so that it need not wait for them, and
        each browser comes back to another process (or this one restarted) after a second or a
        few, not all at once, and catches up from the last event it had."""
        self.ending = True
        for watching in self.topics.values():
            for subscriber in watching:
                subscriber.end(f"retry: {random.randint(1000, 5000)}\n\n".encode())

    async def close(self) -> None:
        """Stops listening and lets go of the database (a server stopping, a test ending)."""
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.loop.run_in_executor(self.executor, connections.close_all)
        self.executor.shutdown(wait=False)
        _hubs.pop(self.loop, None)

    def wake_from_thread(self) -> None:
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.wake.set)

    # --- the loop -----------------------------------------------------------------------------

    async def _db(self, function, *args):
        return await self.loop.run_in_executor(self.executor, _in_thread, function, *args)

    async def _run(self) -> None:
        self.last_seq = await self._db(_last_seq)
        self.started.set()
        heartbeat = settings.COFLIGHT_LIVE_HEARTBEAT_SECONDS
        # Without NOTIFY, a write made by another process (a command, a second server) is found
        # by looking: each second.
        poll = heartbeat if len(self.tasks) > 1 else min(heartbeat, POLL_SECONDS)
        next_check = self.loop.time() + heartbeat
        while True:
            wait = min(poll, max(0.0, next_check - self.loop.time()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), wait)
            self.wake.clear()
            try:
                await self._catch_up()
                await self._deliver()
                if self.loop.time() >= next_check:
                    next_check = self.loop.time() + heartbeat
                    await self._check_viewers()
            except Exception:
                logger.exception("Live updates: the hub failed a round; it tries again.")
                await asyncio.sleep(1)

    async def _catch_up(self) -> None:
        """New streams: the events they missed, or the whole page, before any newer event."""
        waiting = [
            s
            for subscribers in self.topics.values()
            for s in subscribers
            if s.catch_up_after is not None or s.whole_page
        ]
        for subscriber in waiting:
            after, subscriber.catch_up_after = subscriber.catch_up_after, None
            whole, subscriber.whole_page = subscriber.whole_page, False
            if after is not None:
                oldest = await self._db(_oldest_seq)
                if after + 1 < oldest:
                    # Away longer than the log keeps: what it missed is gone.
                    subscriber.send(
                        await self._db(fragments.reload_message, subscriber, self.last_seq)
                    )
                    subscriber.cursor = self.last_seq
                    continue
                missed = await self._db(_events_between, after, self.last_seq, subscriber.topic)
                if missed:
                    rendered = await self._db(fragments.page, subscriber)
                    for seq, _topic, targets in missed:
                        subscriber.send(fragments.message(seq, targets, rendered))
            elif whole:
                rendered = await self._db(fragments.page, subscriber)
                # Sent whole when it changed since the page was rendered; "My actions" as it
                # opens (it has no revision to compare), the same as it was: nothing lights up.
                target, lit = WHOLE_PART[subscriber.view], subscriber.view != "mine"
                subscriber.send(fragments.message(self.last_seq, target, rendered, lit))
            subscriber.cursor = self.last_seq

    async def _deliver(self) -> None:
        new = await self._db(_events_after, self.last_seq)
        if not new:
            return
        if any(event[1].startswith(LATER_PREFIX) for event in new):
            by_topic = await self._db(_by_page, new, list(self.topics))
        else:
            by_topic = _by_page(new, ())
        for topic, topic_events in by_topic.items():
            audiences: dict[tuple, list[Subscriber]] = defaultdict(list)
            for subscriber in self.topics.get(topic, ()):
                # One that opened meanwhile gets these with what it missed, in order, next round.
                if subscriber.catch_up_after is None and not subscriber.whole_page:
                    audiences[subscriber.sees_the_same].append(subscriber)
            for viewers in audiences.values():
                # Once for all who see the same, whatever their number.
                rendered = await self._db(fragments.page, viewers[0])
                for seq, _topic, targets in topic_events:
                    message = fragments.message(seq, targets, rendered)
                    for subscriber in viewers:
                        if seq > subscriber.cursor:
                            subscriber.send(message)
                            subscriber.cursor = seq
        self.last_seq = new[-1][0]
        if len(new) == BATCH:
            self.wake.set()

    async def _check_viewers(self) -> None:
        """Streams whose viewer signed out, or may no longer see the same, end here: within a
        heartbeat of the change."""
        subscribers = [s for watching in self.topics.values() for s in watching]
        if not subscribers:
            return
        ended = await self._db(fragments.no_longer_allowed, subscribers)
        for subscriber in ended:
            subscriber.close()

    async def _listen(self) -> None:
        params = _connection_params()
        while True:
            try:
                connection = await psycopg.AsyncConnection.connect(**params, autocommit=True)
                async with connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self.wake.set()  # whatever was committed while nobody listened
                    async for _notify in connection.notifies():
                        self.wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live updates: lost the database's notifications; reconnecting.")
                await asyncio.sleep(1)


def _in_thread(function, *args):
    close_old_connections()
    try:
        return function(*args)
    except Exception:
        connections["default"].close_if_unusable_or_obsolete()
        raise


def _last_seq() -> int:
    last = Event.objects.delivered().order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def _oldest_seq() -> int:
    oldest = Event.objects.delivered().order_by("seq").values_list("seq", flat=True).first()
    return oldest or 0


# Each event as (seq, topic, targets).
def _events_after(seq: int) -> list[tuple[int, str, str]]:
    rows = Event.objects.after(seq).values_list("seq", "topic", "targets")[:BATCH]
    return [(s or 0, topic, targets) for s, topic, targets in rows]


def _events_between(after: int, until: int, topic: str) -> list[tuple[int, str, str]]:
    rows = Event.objects.after(after).filter(seq__lte=until)
    if topic.startswith(MEETING_PREFIX):
        rows = rows.filter(Q(topic=topic) | Q(topic__startswith=LATER_PREFIX))
    else:
        rows = rows.filter(topic=topic)
    found = [(s or 0, t, targets) for s, t, targets in rows.values_list("seq", "topic", "targets")]
    return _by_page(found, [topic]).get(topic, [])


def _by_page(
    new: list[tuple[int, str, str]], open_topics: Iterable[str]
) -> dict[str, list[tuple[int, str, str]]]:
    """The events for each page open on a topic, in order: a change to a meeting's actions also
    goes to the open pages of the meetings dated after it (their review lists its open actions)."""
    by_topic: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    later: list[tuple[int, str, str]] = []
    for event in new:
        (later if event[1].startswith(LATER_PREFIX) else by_topic[event[1]]).append(event)
    if not later:
        return by_topic
    pages = {t: int(t[len(MEETING_PREFIX) :]) for t in open_topics if t.startswith(MEETING_PREFIX)}
    of = {int(event[1][len(LATER_PREFIX) :]) for event in later}
    dates = dict(Meeting.objects.filter(pk__in={*pages.values(), *of}).values_list("pk", "date"))
    for event in later:
        since = dates.get(int(event[1][len(LATER_PREFIX) :]))
        for topic, pk in pages.items():
            if since is not None and pk in dates and dates[pk] > since:
                by_topic[topic].append(event)
    for topic_events in by_topic.values():
        topic_events.sort()
    return by_topic


def _connection_params() -> dict:
    """The default database's connection, for psycopg itself."""
    database = connections["default"].settings_dict
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    for name in ("sslmode", "sslrootcert", "sslcert", "sslkey", "options", "connect_timeout"):
        if name in database.get("OPTIONS", {}):
            params[name] = database["OPTIONS"][name]
    return {k: v for k, v in params.items() if v is not None}


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This process's hub (one per event loop: the tests run several loops in turn)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
        _end_streams_on_exit()
    return found


def _end_streams_on_exit() -> None:
    """Ahead of the server's own SIGTERM and SIGINT handlers, ends the streams: uvicorn, as
    gunicorn's worker or alone, stops by waiting for every response to finish, and a stream
    never would (for gunicorn, until its graceful timeout kills the worker)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for number in (signal.SIGTERM, signal.SIGINT):
        server_handler = signal.getsignal(number)
        if not callable(server_handler) or getattr(server_handler, "ends_live_streams", False):
            continue

        def handler(signum, frame, server_handler=server_handler) -> None:
            for found in list(_hubs.values()):
                if not found.loop.is_closed():
                    found.loop.call_soon_threadsafe(found.end_streams)
            server_handler(signum, frame)

        handler.ends_live_streams = True  # type: ignore[attr-defined]
        signal.signal(number, handler)

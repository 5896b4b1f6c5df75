"""What changed, written down for the pages open on it.

A write says which parts of which pages it changed (`publish`); the events are written in its
transaction, all of a write's at once at its end, and numbered as it commits (models.Event).
Streams (views, hub) then send each open page those parts again, rendered as it shows them.
"""

import threading
from collections.abc import Callable, Iterable, Mapping

from django.db import connection, transaction

from coflight.signals import once

from .models import Event

# The page of a meeting, and a person's own pages ("My actions", their page).
MEETING = "meeting:{}"
PERSON = "person:{}"
# The pages of the meetings dated after this one, whose review lists its open actions.
LATER = "after-meeting:{}"
# The part that holds all the others: a change to it sends the whole page again.
WHOLE = "live-report"
# The open actions on "My actions"; what a person's page shows of their record.
MINE = "live-my-actions"
PERSON_PAGE = "live-person"

_pending = threading.local()
# Called after a commit that wrote events, where no database tells the other streams (SQLite).
after_commit: list[Callable[[], None]] = []


def publish(topic: str, *targets: str) -> None:
    """That `targets` (element ids) of `topic`'s page changed, told in the current transaction;
    within a `followed_once`, once at its end for all its saves together."""
    publish_all({topic: targets})


def publish_all(changes: Mapping[str, Iterable[str]]) -> None:
    """`publish` for several pages at once: one statement."""
    pending: dict[str, set[str]] = getattr(_pending, "topics", None) or {}
    _pending.topics = pending
    for topic, targets in changes.items():
        pending.setdefault(topic, set()).update(targets)
    once(("live",), _write)


def _write() -> None:
    pending: dict[str, set[str]] = getattr(_pending, "topics", None) or {}
    _pending.topics = {}
    events = [
        Event(topic=topic, targets=" ".join(sorted({WHOLE} if WHOLE in parts else parts)))
        for topic, parts in pending.items()
        if parts
    ]
    if not events:
        return
    Event.objects.bulk_create(events)
    if connection.vendor != "postgresql":
        # PostgreSQL tells every process (NOTIFY, migration 0001); here only this one listens.
        for wake in after_commit:
            transaction.on_commit(wake)

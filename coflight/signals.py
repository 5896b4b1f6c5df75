"""What happens after a save (the search index, the page cache's revision, the emails to new
owners) must happen after a bulk write too, which Django's model signals never see.

Code that writes rows with bulk_create sends `rows_created` once, with every row it wrote, so
that each app that follows saves follows it too, in bulk, without the writer knowing them.
"""

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.db.models import Model
from django.dispatch import Signal

# Sent with rows: dict[type[Model], list[Model]], the rows of each model just created in bulk.
rows_created = Signal()
# Sent by a write that reaches no model signal (update(), bulk_update()), with meeting (its pk)
# and parts: the ids of the elements of its page that changed ("live-report": all of it).
meeting_page_changed = Signal()


def created_in_bulk(sender: object, rows: Mapping[type[Model], Iterable[Model]]) -> None:
    written = {model: list(instances) for model, instances in rows.items() if instances}
    if written:
        rows_created.send(sender=sender, rows=written)


# --- one follow-up per object for a write made of several saves --------------------------------

_batch = threading.local()


@contextmanager
def followed_once() -> Iterator[None]:
    """Within it, what follows saves (`once`) runs once per key, at the end, in order.

    A write that saves an action and then its owners would otherwise index the action and move
    its pages' revision after each save. Leave it inside the transaction, so that what it runs
    commits or rolls back with the write.
    """
    if getattr(_batch, "pending", None) is not None:
        yield  # nested: the outer batch runs them
        return
    _batch.pending = {}
    try:
        yield
        pending, _batch.pending = _batch.pending, None
        for follow_up in pending.values():
            follow_up()
    finally:
        _batch.pending = None


def once(key: Hashable, follow_up: Callable[[], object]) -> None:
    """Runs `follow_up` now, or at the end of the current `followed_once`, once for `key`."""
    pending = getattr(_batch, "pending", None)
    if pending is None:
        follow_up()
    else:
        pending.pop(key, None)
        pending[key] = follow_up


def forget(key: Hashable) -> None:
    """Drops what `once` kept for `key`: the object is gone."""
    pending = getattr(_batch, "pending", None)
    if pending is not None:
        pending.pop(key, None)

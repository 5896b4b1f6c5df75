"""What happens after a save (the search index, the page cache's revision, the emails to new
owners) must happen after a bulk write too, which Django's model signals never see.

Code that writes rows with bulk_create sends `rows_created` once, with every row it wrote, so
that each app that follows saves follows it too, in bulk, without the writer knowing them.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Model
from django.dispatch import Signal

# Sent with rows: dict[type[Model], list[Model]], the rows of each model just created in bulk.
rows_created = Signal()


def created_in_bulk(sender: object, rows: Mapping[type[Model], Iterable[Model]]) -> None:
    written = {model: list(instances) for model, instances in rows.items() if instances}
    if written:
        rows_created.send(sender=sender, rows=written)

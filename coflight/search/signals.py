from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coflight.signals import rows_created

from . import index


@receiver(post_save)
def _saved(sender, instance, raw: bool = False, **kwargs) -> None:
    # Fixtures and restores load rows raw, in bulk; they rebuild the index once at the end.
    if not raw and sender in index.FOLLOWED:
        index.update(instance)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs) -> None:
    if sender in index.FOLLOWED:
        index.remove(instance)


@receiver(rows_created)
def _written_in_bulk(sender, rows: dict, **kwargs) -> None:
    index.add_all(rows)

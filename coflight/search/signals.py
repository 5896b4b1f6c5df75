from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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

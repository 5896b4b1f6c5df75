from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import index


@receiver(post_save)
def _saved(sender, instance, **kwargs) -> None:
    if sender in index.FOLLOWED:
        index.update(instance)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs) -> None:
    if sender in index.FOLLOWED:
        index.remove(instance)

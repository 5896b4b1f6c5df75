"""Any change to something a page shows starts a new revision, so no cached page outlives it."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coflight.signals import rows_created

from .models import Revision

SHOWN_APPS = {"organisations", "people", "meetings", "actions"}


def shown(sender) -> bool:
    meta = sender._meta
    if meta.app_label in SHOWN_APPS:
        return not meta.model_name.startswith("historical")
    # History names who made each change.
    return sender is get_user_model()


@receiver(post_save)
def saved(sender, update_fields=None, raw=False, **kwargs) -> None:
    # Fixtures and restores load rows raw, in bulk; they bump once at the end instead.
    if not raw and shown(sender) and update_fields != frozenset({"last_login"}):
        Revision.bump()


@receiver(post_delete)
def deleted(sender, **kwargs) -> None:
    if shown(sender):
        Revision.bump()


@receiver(m2m_changed)
def relinked(sender, action: str, model, instance, **kwargs) -> None:
    if action.startswith("post_") and (shown(type(instance)) or shown(model)):
        Revision.bump()


@receiver(rows_created)
def written_in_bulk(sender, rows: dict, **kwargs) -> None:
    if any(shown(model) for model in rows):
        Revision.bump()

"""Any change to something a page shows starts a new revision, so no cached page outlives it.

A row that says which meeting pages show it (`pages_shown_on()`, e.g. an action) leaves the
other meetings' pages cached; any other change is a revision of everything.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coflight.signals import once, rows_created

from .models import Revision

SHOWN_APPS = {"organisations", "people", "meetings", "actions", "decisions"}
PERMISSIONS = {Group, Permission}


def shown(sender) -> bool:
    meta = sender._meta
    if meta.app_label in SHOWN_APPS:
        return not meta.model_name.startswith("historical")
    # History names who made each change.
    return sender is get_user_model()


def bump_for(instance) -> None:
    pages_of = getattr(instance, "pages_shown_on", None)
    pages = tuple(pages_of()) if pages_of is not None else ()
    once(("pages", pages), lambda: Revision.bump(pages=pages))


@receiver(post_save)
def saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    # Fixtures and restores load rows raw, in bulk; they bump once at the end instead.
    if raw or update_fields == frozenset({"last_login"}):
        return
    if sender is get_user_model() and created:
        # A new account is in no history yet; it only has permissions.
        Revision.bump(Revision.Scope.PERMISSIONS)
    elif shown(sender):
        bump_for(instance)
    elif sender in PERMISSIONS:
        Revision.bump(Revision.Scope.PERMISSIONS)


@receiver(post_delete)
def deleted(sender, instance, **kwargs) -> None:
    if shown(sender):
        bump_for(instance)
    elif sender in PERMISSIONS:
        Revision.bump(Revision.Scope.PERMISSIONS)


@receiver(m2m_changed)
def relinked(sender, action: str, model, instance, reverse: bool, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if {type(instance), model} & {get_user_model(), *PERMISSIONS} and not shown(model):
        # Groups and permissions: who may do what, which pages are keyed by.
        Revision.bump(Revision.Scope.PERMISSIONS)
    elif shown(type(instance)) or shown(model):
        bump_for(instance) if not reverse else Revision.bump()


@receiver(rows_created)
def written_in_bulk(sender, rows: dict, **kwargs) -> None:
    if any(shown(model) for model in rows):
        Revision.bump()

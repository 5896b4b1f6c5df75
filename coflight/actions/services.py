from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from .models import Action


class StaleEdit(Exception):
    """The edit was made from a version of the action that someone has changed since."""


def action_change(*, action: Action, version: int, change: Callable[[Action], str]) -> str:
    """Applies `change` only if the action is still at `version`; returns what changed.

    The check is a conditional UPDATE rather than a SELECT … FOR UPDATE, so it holds on
    SQLite as on PostgreSQL: on PostgreSQL the UPDATE locks the row, and a concurrent edit
    re-evaluates its WHERE after this one commits, finds the version moved and is refused.
    A ValidationError from `change` rolls everything back.
    """
    with transaction.atomic():
        claimed = Action.objects.filter(pk=action.pk, version=version).update(version=F("version"))
        if not claimed:
            raise StaleEdit
        action.refresh_from_db()
        return change(action)

"""Queues an email for whoever becomes an owner of an action, wherever it happens.

Pages, the admin, the importer and the shell all save Ownership rows, so the hook is on the
model rather than in one of them. Fixtures (raw saves) tell nobody.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from coflight.actions.models import Ownership
from coflight.people.models import Person
from coflight.signals import rows_created

from .models import PendingAssignment

_UNKNOWN = object()


@receiver(pre_save, sender=Ownership)
def _remember_owner(sender, instance: Ownership, raw: bool, update_fields, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    if update_fields is not None and "person" not in update_fields:
        return
    instance.__dict__["_owner_before"] = (
        Ownership.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
    )


@receiver(post_save, sender=Ownership)
def _queue_assignment(sender, instance: Ownership, created: bool, raw: bool, **kwargs) -> None:
    before = instance.__dict__.pop("_owner_before", _UNKNOWN)
    if raw or instance.person_id is None:
        return
    if created or (before is not _UNKNOWN and before != instance.person_id):
        PendingAssignment.queue(person_id=instance.person_id, action_id=instance.action_id)


@receiver(rows_created)
def _queue_assignments_in_bulk(sender, rows: dict, **kwargs) -> None:
    # Only for those coflight may write to: years of minutes imported at once would otherwise
    # queue a row for every owner of every action, to be dropped unsent a few minutes later.
    owners = [o for o in rows.get(Ownership, ()) if o.person_id is not None]
    emailable = set(
        Person.objects.emailable()
        .filter(pk__in={o.person_id for o in owners})
        .values_list("pk", flat=True)
    )
    PendingAssignment.queue_many(
        (o.person_id, o.action_id) for o in owners if o.person_id in emailable
    )

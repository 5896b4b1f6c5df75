"""Each saved change to what a meeting's page or a person's pages show becomes an event."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Invitation,
    Material,
    Meeting,
    Presentation,
)
from coflight.signals import meeting_page_changed, rows_created

from .events import LATER, MEETING, MINE, PERSON, PERSON_PAGE, WHOLE, publish, publish_all


def _action_changed(action: Action, owners: list[int | None]) -> None:
    card = f"action-{action.pk}"
    changes = {
        MEETING.format(action.meeting_id): [card],
        LATER.format(action.meeting_id): ["live-review", card],
    }
    if action.agenda_item_id:
        changes[MEETING.format(action.meeting_id)].append(f"item-{action.agenda_item_id}")
    for due in {action.due_meeting_id, action.__dict__.get("_due_meeting_when_loaded")}:
        if due and due != action.meeting_id:
            changes[MEETING.format(due)] = ["live-review", card]
    for person in owners:
        if person:
            changes[PERSON.format(person)] = [MINE, PERSON_PAGE, card]
    publish_all(changes)


def _owners(action: Action) -> list[int | None]:
    held = getattr(action, "_prefetched_objects_cache", {}).get("ownerships")
    if held is not None:
        return [o.person_id for o in held]
    return list(Ownership.objects.filter(action_id=action.pk).values_list("person_id", flat=True))


@receiver(post_save, sender=Action)
@receiver(post_delete, sender=Action)
def _action(sender, instance: Action, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw:
        # A new action has no owners yet: each is told as it is added (below).
        _action_changed(instance, [] if created else _owners(instance))


@receiver(post_save, sender=Ownership)
@receiver(post_delete, sender=Ownership)
def _ownership(sender, instance: Ownership, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    action = instance.action if Ownership.action.is_cached(instance) else None
    if action is None:
        action = Action.objects.filter(pk=instance.action_id).first()
    if action is not None:
        _action_changed(action, [instance.person_id])


@receiver(post_save, sender=Decision)
@receiver(post_delete, sender=Decision)
def _decision(sender, instance: Decision, raw: bool = False, **kwargs) -> None:
    if not raw:
        parts = [f"item-{instance.agenda_item_id}"] if instance.agenda_item_id else []
        publish(MEETING.format(instance.meeting_id), "live-decisions", *parts)


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
def _agenda_item(sender, instance: AgendaItem, raw: bool = False, created=False, **kwargs) -> None:
    if raw:
        return
    meeting = MEETING.format(instance.meeting_id)
    fields = set(kwargs.get("update_fields") or ())
    if created or kwargs.get("signal") is post_delete:
        publish(meeting, "live-agenda")
    elif fields and not fields & {"title", "label", "position", "parent"}:
        publish(meeting, f"item-{instance.pk}")  # its minutes, as they are typed
    else:
        publish(meeting, "live-agenda-list", f"item-{instance.pk}")


@receiver(post_save, sender=Presentation)
@receiver(post_delete, sender=Presentation)
@receiver(post_save, sender=Material)
@receiver(post_delete, sender=Material)
def _item_part(sender, instance: Presentation | Material, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    item = instance.agenda_item_id
    meeting = getattr(instance, "meeting_id", None)
    if meeting is None and instance.agenda_item and Presentation.agenda_item.is_cached(instance):
        meeting = instance.agenda_item.meeting_id
    if meeting is None and item is not None:
        meeting = AgendaItem.objects.filter(pk=item).values_list("meeting_id", flat=True).first()
    if meeting is not None:
        publish(MEETING.format(meeting), "live-agenda-list", *([f"item-{item}"] if item else []))


@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
@receiver(post_save, sender=Invitation)
@receiver(post_delete, sender=Invitation)
def _attendance(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    changes = {MEETING.format(instance.meeting_id): ["live-attendance"]}
    if isinstance(instance, Attendance) and instance.person_id:
        # Their page lists the meetings they attended.
        changes[PERSON.format(instance.person_id)] = [PERSON_PAGE]
    publish_all(changes)


@receiver(post_save, sender=Meeting)
@receiver(post_save, sender=Amendment)
def _meeting(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        publish(MEETING.format(getattr(instance, "meeting_id", instance.pk)), WHOLE)


@receiver(meeting_page_changed)
def _written_past_signals(sender, meeting: int, parts: list[str], **kwargs) -> None:
    publish(MEETING.format(meeting), *parts)


@receiver(rows_created)
def _written_in_bulk(sender, rows: dict, **kwargs) -> None:
    # An import: its meetings' pages are new from top to bottom.
    meetings = {
        getattr(row, "meeting_id", None)
        for model in rows
        if model is not Ownership
        for row in rows[model]
    }
    publish_all({MEETING.format(pk): [WHOLE] for pk in meetings if pk})

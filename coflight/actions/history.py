"""An action's history as people read it: who changed what, when, from what to what.

django-simple-history keeps a snapshot of the action and of each owner row at every
change, whoever made it (page, admin, shell); this turns consecutive snapshots into changes.
"""

import dataclasses
import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coflight.meetings.models import Meeting

from .models import Action, Ownership

# Stored as the change reason of the first history record of actions loaded from a report.
FROM_REPORT = "from-report"

ACTION_FIELDS = {
    "text": gettext_lazy("Text"),
    "status": gettext_lazy("Status"),
    "closing_note": gettext_lazy("Note"),
    "due_date": gettext_lazy("Due date"),
    "due_meeting": gettext_lazy("Due at meeting"),
    "acting_for": gettext_lazy("Acting for"),
}


@dataclasses.dataclass
class Change:
    field: str
    before: str
    after: str


@dataclasses.dataclass
class Entry:
    when: datetime.datetime
    who: str | None
    summary: str
    changes: list[Change]
    from_report: bool = False


def _who(record) -> str | None:
    user = record.history_user
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


def _value(field: str, value, meetings: dict[int, Meeting]) -> str:
    if value in (None, ""):
        return "—"
    if field == "status":
        return str(Action.Status(value).label)
    if field == "due_meeting":
        meeting = meetings.get(value)
        return f"{meeting.title}, {meeting.date:%Y-%m-%d}" if meeting else f"#{value}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def action_history(action: Action) -> list[Entry]:
    """Newest first."""
    records = list(action.history.select_related("history_user__person").order_by("history_id"))
    owner_records = list(
        Ownership.history.filter(action_id=action.pk)
        .select_related("history_user__person", "person")
        .order_by("history_id")
    )
    meeting_ids = {r.due_meeting_id for r in records if r.due_meeting_id}
    meetings = Meeting.objects.only("title", "date").in_bulk(meeting_ids)

    entries = []
    previous = None
    for record in records:
        if previous is None:
            from_report = record.history_change_reason == FROM_REPORT
            summary = _("Recorded from the report") if from_report else _("Action created")
            entries.append(Entry(record.history_date, _who(record), summary, [], from_report))
        else:
            changes = [
                Change(
                    str(label),
                    _value(field, getattr(previous, _attname(field)), meetings),
                    _value(field, getattr(record, _attname(field)), meetings),
                )
                for field, label in ACTION_FIELDS.items()
                if getattr(previous, _attname(field)) != getattr(record, _attname(field))
            ]
            if changes:
                entries.append(Entry(record.history_date, _who(record), _("Changed"), changes))
        previous = record

    last_owner_state = {}
    for record in owner_records:
        name = record.person.name if record.person_id and record.person else record.written_as
        before = last_owner_state.get(record.id)
        if record.history_type == "+" and record.history_change_reason == FROM_REPORT:
            last_owner_state[record.id] = record
            continue
        if record.history_type == "+":
            summary = _("Owner added: %(name)s") % {"name": name}
            changes = [Change(_("Lead"), "—", _("yes"))] if record.is_lead else []
        elif record.history_type == "-":
            summary = _("Owner removed: %(name)s") % {"name": name}
            changes = []
        else:
            summary = _("Owner changed: %(name)s") % {"name": name}
            changes = []
            if before is not None and before.is_lead != record.is_lead:
                changes.append(
                    Change(
                        _("Lead"),
                        _("yes") if before.is_lead else _("no"),
                        _("yes") if record.is_lead else _("no"),
                    )
                )
            if before is not None and before.person_id != record.person_id:
                changes.append(Change(_("Person"), before.written_as, name))
            if not changes:
                last_owner_state[record.id] = record
                continue
        last_owner_state[record.id] = record
        entries.append(Entry(record.history_date, _who(record), summary, changes))

    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _attname(field: str) -> str:
    return "due_meeting_id" if field == "due_meeting" else field


def latest_change(action: Action) -> Entry | None:
    """Who last changed the action or its owners, for telling an editor they were overtaken."""
    candidates = [
        r
        for r in (
            action.history.select_related("history_user__person").order_by("-history_id").first(),
            Ownership.history.filter(action_id=action.pk)
            .select_related("history_user__person")
            .order_by("-history_id")
            .first(),
        )
        if r is not None
    ]
    if not candidates:
        return None
    record = max(candidates, key=lambda r: r.history_date)
    return Entry(record.history_date, _who(record), "", [])

"""An action's history as people read it: who changed what, when, from what to what.

django-simple-history keeps a snapshot of the action and of each owner row at every
change, whoever made it (page, admin, shell); its `diff_against` turns two consecutive snapshots
into the fields that changed, and this names them for people.
"""

import dataclasses
import datetime
import itertools

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coflight.meetings.models import Meeting

from .models import Action, Ownership

# Stored as the change reason of the first history record of actions loaded from a report: by an
# import of its minutes, or with coflight's first data (load_seed_report's fixture).
FROM_REPORT = "from-report"
FROM_FIXTURE = "from-report:fixture"

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
    reported_on: datetime.date | None = None  # the day of the meeting whose report it is


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
        .select_related("history_user__person", "person__organisation")
        .order_by("history_id")
    )
    meeting_ids = {r.due_meeting_id for r in records if r.due_meeting_id}
    meetings = Meeting.objects.only("title", "date").in_bulk(meeting_ids)
    return sorted(
        [*_action_entries(records, meetings, action.meeting.date), *_owner_entries(owner_records)],
        key=lambda e: e.when,
        reverse=True,
    )


def _action_entries(
    records: list, meetings: dict[int, Meeting], report_day: datetime.date
) -> list[Entry]:
    if not records:
        return []
    first = records[0]
    reason = first.history_change_reason or ""
    if reason == FROM_FIXTURE:
        summary = _("Recorded in the report of this meeting; loaded with coflight's first data")
    elif reason.startswith(FROM_REPORT):
        summary = _("Recorded in the report of this meeting; loaded by an import of its minutes")
    else:
        summary = _("Action created")
    from_report = reason.startswith(FROM_REPORT)
    entries = [
        Entry(
            first.history_date,
            _who(first),
            summary,
            [],
            from_report,
            report_day if from_report else None,
        )
    ]
    order = list(ACTION_FIELDS)
    for previous, record in itertools.pairwise(records):
        delta = record.diff_against(previous, included_fields=ACTION_FIELDS)
        changes = [
            Change(
                str(ACTION_FIELDS[change.field]),
                _value(change.field, change.old, meetings),
                _value(change.field, change.new, meetings),
            )
            for change in sorted(delta.changes, key=lambda c: order.index(c.field))
        ]
        if changes:
            entries.append(Entry(record.history_date, _who(record), _("Changed"), changes))
    return entries


def _owner_entries(records: list) -> list[Entry]:
    entries = []
    before: dict[int, object] = {}
    for record in records:
        name = record.person.label if record.person_id and record.person else record.written_as
        previous, before[record.id] = before.get(record.id), record
        if record.history_type == "+":
            if (record.history_change_reason or "").startswith(FROM_REPORT):
                continue
            summary = _("Owner added: %(name)s") % {"name": name}
            changes = [Change(_("Lead"), "—", _("yes"))] if record.is_lead else []
        elif record.history_type == "-":
            summary = _("Owner removed: %(name)s") % {"name": name}
            changes = []
        else:
            summary = _("Owner changed: %(name)s") % {"name": name}
            if previous is None:
                continue
            delta = record.diff_against(previous, included_fields=["is_lead", "person"])
            changes = [_owner_change(change, previous, name) for change in delta.changes]
            if not changes:
                continue
        entries.append(Entry(record.history_date, _who(record), summary, changes))
    return entries


def _owner_change(change, previous, name: str) -> Change:
    if change.field == "is_lead":
        yes_no = {True: _("yes"), False: _("no")}
        return Change(_("Lead"), yes_no[change.old], yes_no[change.new])
    return Change(_("Person"), previous.written_as, name)


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

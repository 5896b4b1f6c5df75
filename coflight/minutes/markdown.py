"""A meeting report as Markdown that reads like the minutes it came from.

coflight's importer reads it back into the same meeting: the layout follows the reports it
knows (attendees by organisation, a numbered agenda, `Action:` and `Owners:` lines).
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format

from coflight.actions.models import Action, minutes_blocks
from coflight.meetings.models import Meeting

from .parser import DUE_MEETING

KIND_WORDS = {"plenary": "plenary ", "weekly_call": "weekly "}


def _date(day) -> str:
    return date_format(day, "j F Y")


def _when(meeting: Meeting) -> str:
    text = f"{date_format(meeting.date, 'l')} {_date(meeting.date)}"
    if meeting.starts_at:
        text += f", from {timezone.localtime(meeting.starts_at):%H:%M}"
        if meeting.ends_at:
            text += f" til {timezone.localtime(meeting.ends_at):%H:%M}"
    return text


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def meeting_markdown(meeting: Meeting) -> str:
    """`meeting` must come from Meeting.objects.for_report(), with its actions placed in it."""
    out: list[str] = [f"# {meeting.title}, {_date(meeting.date)}", ""]
    out.append(f"Kind: {meeting.get_kind_display()}")
    out.append("")
    place = ""
    if meeting.venue or meeting.address:
        place = " at " + ", ".join(p for p in (meeting.venue, meeting.address) if p)
        if meeting.room:
            place += f" (Room {meeting.room})"
    if meeting.series and meeting.number:
        subject = (
            f"The {_ordinal(meeting.number)} {meeting.series.name} {meeting.get_kind_display()}"
        )
    else:
        subject = "The meeting"
    out += [f"{subject} has been held on {_when(meeting)}{place}.", ""]
    if meeting.room and not place:
        out += [f"Room: {meeting.room}", ""]
    if meeting.dial_in:
        out += [f"Dial-in: {meeting.dial_in}", ""]
    if meeting.summary:
        out += [meeting.summary, ""]

    attendances = list(meeting.attendances.all())
    if attendances:
        out.append("Present:")
        groups: list[tuple[str, list[str]]] = []
        for attendance in attendances:
            organisation = attendance.organisation.name if attendance.organisation else ""
            if not groups or groups[-1][0] != organisation:
                groups.append((organisation, []))
            groups[-1][1].append(attendance.written_as)
        for organisation, names in groups:
            listed = ", ".join(names)
            out.append(f"- {organisation}: {listed}" if organisation else f"- {listed}")
        out.append("")
    projects = [p.name for p in meeting.projects.all()]
    if projects:
        out += [f"Projects represented: {', '.join(projects)}", ""]

    agenda = meeting.agenda()
    if agenda:
        out.append("Agenda:")
        for item, children in agenda:
            out.append(f"- {item.label}) {item.title}{_presenters(item)}")
            out += [f"  - {c.label}) {c.title}{_presenters(c)}" for c in children]
        out.append("")
    for material in meeting.materials.all():
        out += [f"Material: {material.title}{' ' + material.url if material.url else ''}", ""]

    for item, children in agenda:
        for part in (item, *children):
            out += _minutes(part)
    if meeting.next_meeting:
        kind = KIND_WORDS.get(meeting.next_meeting.kind, "")
        out += [f"Next {kind}meeting: {_date(meeting.next_meeting.date)}", ""]
    return "\n".join(out).rstrip() + "\n"


def _presenters(item) -> str:
    names = [p.written_as for p in item.presentations.all()]
    if not names:
        return ""
    return ": " + (" & ".join(names) if len(names) == 2 else ", ".join(names))


def _minutes(item) -> list[str]:
    heading = f"{item.label}) {item.title}"
    out = [heading, ""]
    for _kind, block in minutes_blocks(item):
        out += _action(block) if isinstance(block, Action) else [block, ""]
    return out


def _action(action: Action) -> list[str]:
    line = action.owners_text(as_written=True)
    if action.acting_for:
        line = f"{line} ({action.acting_for})".strip()
    label = "Owners" if len(action.ownerships.all()) > 1 else "Owner"
    out = [f"Action: {action.text}", f"{label}: {line}"]
    if action.due_meeting and not DUE_MEETING.search(action.text):
        kind = KIND_WORDS.get(action.due_meeting.kind, "")
        out.append(f"Due: next {kind}meeting ({_date(action.due_meeting.date)})")
    elif action.due_date:
        out.append(f"Due: {_date(action.due_date)}")
    if action.status != Action.Status.OPEN:
        out.append(f"Status: {action.get_status_display()}")
    if action.closing_note:
        out.append(f"Note: {action.closing_note}")
    return [*out, ""]

"""A meeting report as Markdown (CommonMark) that reads like the minutes it came from.

coflight's importer reads it back into the same meeting: the layout follows the reports it
knows (attendees by organisation, a numbered agenda, `Action:` and `Owners:` lines).
"""

import re

from django.utils import timezone
from django.utils.dateformat import format as date_format

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import Meeting

from .blocks import minutes_blocks, outside_agenda
from .parser import DUE_MEETING, unescape

KIND_WORDS = {"plenary": "plenary ", "weekly_call": "weekly "}
INLINE_MARKS = re.compile(r"([\\`*_<\[\]]|&(?=#?\w+;))")
BLOCK_MARK = re.compile(r"^(?P<indent>\s*)(?:(?P<mark>[#>+=-])|(?P<number>\d{1,9})(?=[.)]))")


def _escape_line(line: str) -> str:
    """A line as Markdown that renders as itself: no HTML, entity, emphasis, link or code, and
    no heading, quote or list started."""

    def escaped(start: re.Match) -> str:
        if start["mark"]:
            return f"{start['indent']}\\{start['mark']}"
        return f"{start['indent']}{start['number']}\\"

    return BLOCK_MARK.sub(escaped, INLINE_MARKS.sub(r"\\\1", line), count=1)


def _md(text: str) -> str:
    return _escape_line(text.strip())


def _heading(text: str) -> str:
    # A heading's text is never a list: "## 1) Welcome" needs no escape.
    return INLINE_MARKS.sub(r"\\\1", text.strip())


def _paragraph(text: str) -> str:
    """The lines of `text` kept as lines (hard line breaks), not run together; their indents
    are kept too, though a renderer does not show them."""
    lines = [line.rstrip() for line in text.strip().split("\n") if line.strip()]
    return "\\\n".join(_escape_line(line) for line in lines)


def _date(day) -> str:
    return date_format(day, "j F Y")


def _days(meeting: Meeting) -> str:
    """ "16 May 2013"; "14–15 January 2019" for a meeting of two days."""
    first, last = meeting.date, meeting.last_day
    if last is None:
        return _date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_date(last)}"
    return f"{_date(first)} – {_date(last)}"


def _when(meeting: Meeting) -> str:
    text = f"{date_format(meeting.date, 'l')} {_date(meeting.date)}"
    if meeting.last_day:
        text += f" – {date_format(meeting.last_day, 'l')} {_date(meeting.last_day)}"
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
    out: list[str] = [f"# {_heading(meeting.title)}, {_days(meeting)}", ""]
    out += [f"**Kind:** {meeting.get_kind_display()}", ""]
    if meeting.series and not meeting.number:
        out += [f"**Series:** {_md(meeting.series.name)}", ""]
    place = ""
    if meeting.venue or meeting.address:
        place = " at " + ", ".join(_md(p) for p in (meeting.venue, meeting.address) if p)
        if meeting.room:
            place += f" (Room {_md(meeting.room)})"
    if meeting.series and meeting.number:
        series = _md(meeting.series.name)
        subject = f"The {_ordinal(meeting.number)} {series} {meeting.get_kind_display()}"
    else:
        subject = "The meeting"
    out += [f"{subject} has been held on {_when(meeting)}{place}.", ""]
    if meeting.room and not place:
        out += [f"**Room:** {_md(meeting.room)}", ""]
    if meeting.dial_in:
        out += [f"**Dial-in:** {_md(meeting.dial_in)}", ""]
    if meeting.summary:
        out += [_paragraph(meeting.summary), ""]

    attendances = list(meeting.attendances.all())
    if attendances:
        out += ["## Present", ""]
        groups: list[tuple[str, list[str]]] = []
        for attendance in attendances:
            organisation = _md(attendance.organisation.name) if attendance.organisation else ""
            if not groups or groups[-1][0] != organisation:
                groups.append((organisation, []))
            note = f" ({_md(attendance.note)})" if attendance.note else ""
            groups[-1][1].append(_md(attendance.written_as) + note)
        for organisation, names in groups:
            listed = ", ".join(names)
            out.append(f"- {organisation}: {listed}" if organisation else f"- {listed}")
        out.append("")
    for absence, label in (("excused", "Excused"), ("absent", "Absent")):
        away = [i for i in meeting.absentees() if i.absence == absence]
        if away:
            who = ", ".join(
                _md(
                    f"{i.person.label} ({i.organisation.name})"
                    if i.organisation
                    else i.person.label
                )
                for i in away
            )
            out += [f"**{label}:** {who}", ""]
    projects = [_md(p.name) for p in meeting.projects.all()]
    if projects:
        out += [f"**Projects represented:** {', '.join(projects)}", ""]

    # Before the agenda, where an import reads them back as under no item.
    for kind, block in outside_agenda(meeting):
        out += _action(block) if kind == "action" else _decision(block)  # type: ignore[arg-type]

    agenda = meeting.agenda()
    if agenda:
        out += ["## Agenda", ""]
        for item, children in agenda:
            out.append(f"- {_md(f'{item.label}) {item.title}')}{_presenters(item)}")
            out += [f"  - {_md(f'{c.label}) {c.title}')}{_presenters(c)}" for c in children]
        out.append("")
    out += _materials(meeting.materials.all())

    for item, children in agenda:
        out += _minutes(item, "##")
        for child in children:
            out += _minutes(child, "###")
    if meeting.next_meeting:
        kind = KIND_WORDS.get(meeting.next_meeting.kind, "")
        out += [f"**Next {kind}meeting:** {_date(meeting.next_meeting.date)}", ""]
    for paragraph in meeting.closing_text.split("\n\n") if meeting.closing_text else ():
        out += [_paragraph(paragraph), ""]
    return "\n".join(out).rstrip() + "\n"


def _presenters(item) -> str:
    names = [_md(p.written_as) for p in item.presentations.all()]
    if not names:
        return ""
    return ": " + (" & ".join(names) if len(names) == 2 else ", ".join(names))


def _minutes(item, level: str) -> list[str]:
    out = [f"{level} {_heading(f'{item.label}) {item.title}')}", ""]
    for _kind, block in minutes_blocks(item):
        if isinstance(block, Action):
            out += _action(block)
        elif isinstance(block, Decision):
            out += _decision(block)
        else:
            out += [_paragraph(block), ""]
    out += _materials(item.materials.all())
    return out


def _materials(materials) -> list[str]:
    out: list[str] = []
    for material in materials:
        link = f" <{material.url}>" if material.url else ""
        out += [f"**Material:** {_md(material.title)}{link}", ""]
    return out


def _decision(decision: Decision) -> list[str]:
    facts = [f"  - **Agreed by:** {_md(decision.agreed_by)}"] if decision.agreed_by else []
    return [f"- **Decision:** {_md(' '.join(decision.text.split()))}", *facts, ""]


def _action(action: Action) -> list[str]:
    line = _md(action.owners_text(as_written=True))
    if action.acting_for:
        line = f"{line} ({_md(action.acting_for)})".strip()
    label = "Owners" if len(action.ownerships.all()) > 1 else "Owner"
    # A list item, its facts a list inside it: Markdown would run consecutive lines together.
    facts = [f"**{label}:** {line}"]
    if action.due_meeting and not DUE_MEETING.search(action.text):
        kind = KIND_WORDS.get(action.due_meeting.kind, "")
        facts.append(f"**Due:** next {kind}meeting ({_date(action.due_meeting.date)})")
    elif action.due_date:
        facts.append(f"**Due:** {_date(action.due_date)}")
    if action.status != Action.Status.OPEN:
        facts.append(f"**Status:** {action.get_status_display()}")
    if action.closing_note:
        facts.append(f"**Note:** {_md(' '.join(action.closing_note.split()))}")
    return [f"- **Action:** {_md(action.text)}", *(f"  - {fact}" for fact in facts), ""]


def meeting_text(meeting: Meeting) -> str:
    """The same, as plain text (for an email): Markdown's layout without its escapes."""
    return "\n".join(map(unescape, meeting_markdown(meeting).split("\n")))

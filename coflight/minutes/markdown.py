"""A meeting report as Markdown (CommonMark) that reads like the minutes it came from.

coflight's importer reads it back into the same meeting: the layout follows the reports it
knows (attendees by organisation, a numbered agenda, `Action:` and `Owners:` lines).
"""

import re

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import Meeting
from coflight.meetings.numbers import ordinal

from .blocks import minutes_blocks, outside_agenda
from .parser import due_meeting_in, unescape

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
    text = date_format(meeting.date, "l j F Y")
    if meeting.last_day:
        text += " – " + date_format(meeting.last_day, "l j F Y")
    if meeting.starts_at and meeting.ends_at:
        text += _(", from %(start)s til %(end)s") % {
            "start": _time(meeting.starts_at),
            "end": _time(meeting.ends_at),
        }
    elif meeting.starts_at:
        text += _(", from %(start)s") % {"start": _time(meeting.starts_at)}
    return text


def _time(moment) -> str:
    return time_format(timezone.localtime(moment), "TIME_FORMAT")


def _label(label: str, value: str) -> str:
    # The importer reads these labels back, in each language: "**Kind:**", "**Type :**".
    return _("**%(label)s:** %(value)s") % {"label": label, "value": value}


def _held(kind: str) -> str:
    # One sentence per kind: in French the words agree with the kind's noun.
    if kind == Meeting.Kind.WORKSHOP:
        return pgettext(
            "a workshop", "The %(number)s %(series)s Workshop has been held on %(when)s%(place)s."
        )
    if kind == Meeting.Kind.WEEKLY_CALL:
        return pgettext(
            "a weekly call",
            "The %(number)s %(series)s Weekly call has been held on %(when)s%(place)s.",
        )
    if kind == Meeting.Kind.PLENARY:
        return pgettext(
            "a plenary", "The %(number)s %(series)s Plenary has been held on %(when)s%(place)s."
        )
    return pgettext(
        "a meeting", "The %(number)s %(series)s Other has been held on %(when)s%(place)s."
    )


def _next_meeting(kind: str) -> str:
    if kind == Meeting.Kind.PLENARY:
        return pgettext("minutes label", "next plenary meeting")
    if kind == Meeting.Kind.WEEKLY_CALL:
        return pgettext("minutes label", "next weekly meeting")
    return pgettext("minutes label", "next meeting")


def meeting_markdown(meeting: Meeting) -> str:
    """`meeting` must come from Meeting.objects.for_report(), with its actions placed in it."""
    out: list[str] = [f"# {_heading(meeting.title)}, {_days(meeting)}", ""]
    out += [_label(pgettext("minutes label", "Kind"), meeting.get_kind_display()), ""]
    if meeting.series and not meeting.number:
        out += [_label(pgettext("minutes label", "Series"), _md(meeting.series.name)), ""]
    place = ""
    if meeting.venue or meeting.address:
        place = _(" at %(place)s") % {
            "place": ", ".join(_md(p) for p in (meeting.venue, meeting.address) if p)
        }
        if meeting.room:
            place += _(" (Room %(room)s)") % {"room": _md(meeting.room)}
    if meeting.series and meeting.number:
        held = _held(meeting.kind)
        facts = {
            "number": ordinal(meeting.number, meeting.kind),
            "series": _md(meeting.series.name),
        }
    else:
        held, facts = _("The meeting has been held on %(when)s%(place)s."), {}
    out += [held % {**facts, "when": _when(meeting), "place": place}, ""]
    if meeting.room and not place:
        out += [_label(pgettext("minutes label", "Room"), _md(meeting.room)), ""]
    if meeting.dial_in:
        out += [_label(pgettext("minutes label", "Dial-in"), _md(meeting.dial_in)), ""]
    if meeting.summary:
        out += [_paragraph(meeting.summary), ""]

    attendances = list(meeting.attendances.all())
    if attendances:
        out += ["## " + pgettext("minutes heading", "Present"), ""]
        groups: list[tuple[str, list[str]]] = []
        for attendance in attendances:
            organisation = _md(attendance.organisation.name) if attendance.organisation else ""
            if not groups or groups[-1][0] != organisation:
                groups.append((organisation, []))
            note = f" ({_md(attendance.note)})" if attendance.note else ""
            groups[-1][1].append(_md(attendance.written_as) + note)
        for organisation, names in groups:
            listed = ", ".join(names)
            out.append(
                _("- %(organisation)s: %(names)s") % {"organisation": organisation, "names": listed}
                if organisation
                else f"- {listed}"
            )
        out.append("")
    away_labels = (
        ("excused", pgettext("minutes label", "Excused")),
        ("absent", pgettext("minutes label", "Absent")),
    )
    for absence, label in away_labels:
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
            out += [_label(label, who), ""]
    projects = [_md(p.name) for p in meeting.projects.all()]
    if projects:
        label = pgettext("minutes label", "Projects represented")
        out += [_label(label, ", ".join(projects)), ""]

    # Before the agenda, where an import reads them back as under no item.
    for kind, block in outside_agenda(meeting):
        out += _action(block) if kind == "action" else _decision(block)  # type: ignore[arg-type]

    agenda = meeting.agenda()
    if agenda:
        out += ["## " + pgettext("minutes heading", "Agenda"), ""]
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
        label = _next_meeting(meeting.next_meeting.kind)
        out += [_label(label[:1].upper() + label[1:], _date(meeting.next_meeting.date)), ""]
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
        label = pgettext("minutes label", "Material")
        out += [_label(label, _md(material.title) + link), ""]
    return out


def _decision(decision: Decision) -> list[str]:
    agreed = _label(pgettext("minutes label", "Agreed by"), _md(decision.agreed_by))
    facts = [f"  - {agreed}"] if decision.agreed_by else []
    text = _md(" ".join(decision.text.split()))
    decided = _label(pgettext("minutes label", "Decision"), text)
    return [f"- {decided}", *facts, ""]


def _action(action: Action) -> list[str]:
    line = _md(action.owners_text(as_written=True))
    if action.acting_for:
        line = f"{line} ({_md(action.acting_for)})".strip()
    owners = len(action.ownerships.all())
    label = (
        pgettext("minutes label", "Owners") if owners > 1 else pgettext("minutes label", "Owner")
    )
    # A list item, its facts a list inside it: Markdown would run consecutive lines together.
    facts = [_label(label, line)]
    due = pgettext("minutes label", "Due")
    # No "Due:" line when the text names the meeting already, in either language: the importer
    # reads "… during the next plenary meeting (13 June)" and « … lors de la prochaine réunion
    # plénière (13 juin) » alike.
    if action.due_meeting and not due_meeting_in(action.text):
        when = f"{_next_meeting(action.due_meeting.kind)} ({_date(action.due_meeting.date)})"
        facts.append(_label(due, when))
    elif action.due_date:
        facts.append(_label(due, _date(action.due_date)))
    if action.status != Action.Status.OPEN:
        facts.append(_label(pgettext("minutes label", "Status"), action.get_status_display()))
    if action.closing_note:
        note = _md(" ".join(action.closing_note.split()))
        facts.append(_label(pgettext("minutes label", "Note"), note))
    text = _label(pgettext("minutes label", "Action"), _md(action.text))
    return [f"- {text}", *(f"  - {fact}" for fact in facts), ""]


def meeting_text(meeting: Meeting) -> str:
    """The same, as plain text (for an email): Markdown's layout without its escapes."""
    return "\n".join(map(unescape, meeting_markdown(meeting).split("\n")))

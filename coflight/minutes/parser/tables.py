"""Markdown tables: of attendees ("| Name | affiliation | username |", with a presence column
if any) and of actions ("| Action | Owner | Due | Status |"). An attendance table also stays in
the minutes as written, since it may say more than coflight keeps (a username, a note); a table
of actions becomes the actions; any other table is minutes text."""

import re
from typing import TYPE_CHECKING

from .attendees import EXCUSED_WORDS, MARKDOWN_LINK
from .model import Owner, Role
from .report_style import STATUSES
from .text import split_names

if TYPE_CHECKING:
    from .reader import Reader

NAME_COLUMNS = {"name", "names", "attendee", "attendees", "participant", "participants", "person"}
ORGANISATION_COLUMNS = {"affiliation", "organisation", "organization", "company", "org"}
PRESENCE_COLUMNS = {"present", "presence", "attendance", "attended", "here"}
HANDLE_COLUMNS = {"username", "github", "handle", "nick", "irc"}
TASK_COLUMNS = {"action", "action item", "action items", "task", "todo", "to do", "what"}
OWNER_COLUMNS = {"owner", "owners", "who", "assignee", "assignees", "responsible", "assigned to"}
DUE_COLUMNS = {"due", "due date", "deadline", "when", "by when", "by"}
STATUS_COLUMNS = {"status", "state"}
ABSENT_WORDS = {"no", "n", "absent", "✗", "❌", "-"}


def cells(line: str) -> list[str]:
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [cell.strip() for cell in row.split("|")]


def is_separator(line: str) -> bool:
    parts = cells(line)
    return line.strip().startswith("|") and all(
        re.fullmatch(r":?-{3,}:?", part.replace(" ", "")) for part in parts
    )


def read_table(reader: "Reader", line: str, text: str, index: int) -> int | None:
    lines = reader.lines
    if not line.lstrip().startswith("|") or index >= len(lines) or not is_separator(lines[index]):
        return None
    header = [cell.strip("*_ ").casefold() for cell in cells(line)]
    end = index + 1
    while end < len(lines) and lines[end].lstrip().startswith("|"):
        end += 1
    rows = [cells(row) for row in lines[index + 1 : end]]

    def column(names: set[str]) -> int | None:
        return next((i for i, title in enumerate(header) if title in names), None)

    task, name = column(TASK_COLUMNS), column(NAME_COLUMNS)
    if task is not None:
        _read_actions(
            reader, rows, task, column(OWNER_COLUMNS), column(DUE_COLUMNS), column(STATUS_COLUMNS)
        )
        reader.roles[index - 1 : end] = [Role.ACTION] * (end - index + 1)
        return end
    if name is None:
        return None
    organisation, presence = column(ORGANISATION_COLUMNS), column(PRESENCE_COLUMNS)
    handle = column(HANDLE_COLUMNS)
    for row in rows:
        person = MARKDOWN_LINK.sub(r"\1", _cell(row, name)).strip()
        if not person:
            continue
        where = _cell(row, organisation)
        there = _cell(row, presence).casefold()
        if there in EXCUSED_WORDS or there == "excused":
            reader.report.absentees.append(("excused", where, person))
        elif there in ABSENT_WORDS:
            reader.report.absentees.append(("absent", where, person))
        else:
            reader.report.attendees.append((where, [person]))
        nick = _cell(row, handle).lstrip("@")
        if nick:
            reader.report.aliases[nick] = person
    for kept in range(index - 1, end):
        reader.read_minutes_line(lines[kept], lines[kept].strip(), kept + 1)
    return end


def _cell(row: list[str], column: int | None) -> str:
    return row[column].strip() if column is not None and column < len(row) else ""


def _read_actions(
    reader: "Reader",
    rows: list[list[str]],
    task: int,
    owner: int | None,
    due: int | None,
    status: int | None,
) -> None:
    reader.flush_paragraph()
    for row in rows:
        text = _cell(row, task)
        if not text:
            continue
        owners = [Owner(n.strip("@ ")) for n in split_names(_cell(row, owner)) if n.strip("@ ")]
        action = reader.add_action(text, owners)
        action.due_phrase = _cell(row, due)
        written = _cell(row, status).casefold()
        if written in STATUSES:
            action.status = STATUSES[written]

"""Markdown and numbered sections: an agenda list, headings that become agenda items, and
sections of action items (numbered, lettered or Roman)."""

import re
from typing import TYPE_CHECKING

from . import action_lines
from .model import ParsedItem
from .text import BULLET, HEADING_MARKS, LABEL, clean, split_names

if TYPE_CHECKING:
    from .reader import Reader

AGENDA_HEADING = re.compile(r"^(?:#+ )?(?:agenda|ordre du jour)\s*:?$", re.I)
# « Compte rendu », « ## Compte rendu de la réunion » over the minutes of the items: the word
# for what the text is, neither an agenda item nor words of the minutes.
MINUTES_HEADING = re.compile(
    r"^(?:#+ )?compte[ -]rendu(?: (?:de (?:la )?réunion|de l[’']atelier|de séance|détaillé"
    r"|des échanges|des discussions))?\s*:?$",
    re.I,
)
# "Action items", "5. Action Items", "V. Action items", "TODOs", "To-do".
ACTION_ITEMS_HEADING = re.compile(
    r"^(?:#+ )?(?:(?:\d{1,2}|[A-Za-z]|[IVXLC]{1,6})[.)] +)?"
    r"(?:(?:review of |previous |outstanding |open )?(?:action items?|actions items|actions"
    r"|todos?|to-?dos?)(?: from (?:the )?(?:last|previous) meeting)?)\s*:?$",
    re.I,
)
# "Previous Tasks", "Review of outstanding action items", "Action Item followup": the actions
# of earlier meetings, reported on again.
REVIEW_TITLE = re.compile(
    r"\b(?:previous|outstanding|open|past|pending|prior|last (?:meeting|week|call)['’]?s?)\s+"
    r"(?:action items?|actions|tasks|ais|todos)\b"
    r"|\b(?:review|follow-?up|status)\s+(?:of\s+)?(?:the\s+)?(?:outstanding\s+|open\s+|previous\s+)?"
    r"(?:action items?|actions|tasks|ais)\b"
    r"|\b(?:action items?|actions|tasks|ais)\s+(?:review|follow-?up|status"
    r"|from (?:the )?(?:last|previous) (?:meeting|call|week))\b",
    re.I,
)
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+\S")


def read_agenda_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    if not AGENDA_HEADING.match(text):
        return None
    reader.in_action_items = False
    return read_agenda(reader, index)


def read_minutes_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    if not MINUTES_HEADING.match(text):
        return None
    reader.flush_paragraph()
    reader.in_action_items = reader.in_decisions = False
    return index


def read_action_items_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    if not ACTION_ITEMS_HEADING.match(text):
        return None
    reader.flush_paragraph()
    reader.in_decisions = False
    reader.in_action_items = True
    reader.reviewing = bool(REVIEW_TITLE.search(text))
    reader.action_items_indent = None
    reader.current = reader.current_top = None
    return index


def leave_action_items(reader: "Reader", line: str, text: str, index: int) -> int | None:
    """Any other heading ends a section of action items; it is read as what it is."""
    if HEADING_MARKS.match(line):
        reader.in_action_items = reader.in_decisions = False
    return None


def read_listed_agenda(reader: "Reader", line: str, text: str, index: int) -> int | None:
    """ "- 1) Welcome": a numbered list of bullets before any other is the agenda."""
    if BULLET.match(line) and LABEL.match(text) and not reader.agenda_done:
        return read_agenda(reader, index - 1)
    return None


def read_action_items_entry(reader: "Reader", line: str, text: str, index: int) -> int | None:
    if not reader.in_action_items:
        return None
    if NUMBERED.match(line):
        numbered = LABEL.match(text)
        action_lines.read_action_item(reader, numbered["rest"] if numbered else text)
        return index
    if not BULLET.match(line):
        return None
    indent = len(line) - len(line.lstrip())
    if reader.action_items_indent is None:
        reader.action_items_indent = indent
    if indent <= reader.action_items_indent:
        action_lines.read_action_item(reader, text)
    else:
        # A status note under the action above, not an action of its own.
        reader.read_minutes_line(line, text, index)
    return index


def read_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    found = heading(reader, line, text)
    if not found:
        return None
    reader.open_item(*found, raw=line)
    return index


def read_markdown_heading(reader: "Reader", line: str, text: str, index: int) -> int | None:
    """ "## Security review": an unnumbered Markdown heading is an agenda item; one deeper than
    the first such heading is a sub-item of the item above it."""
    marks = HEADING_MARKS.match(line)
    title = HEADING_MARKS.sub("", text).strip(" #")
    if not marks or not title:
        return None
    level = len(marks.group(0).strip())
    top = reader.current_top
    if top is None or reader.heading_level is None or level <= reader.heading_level:
        reader.heading_level = min(level, reader.heading_level or level)
        tops = len([i for i in reader.report.items if i.parent_number is None])
        reader.open_item(free_number(reader, str(tops + 1)), title[:300], None, titled=True)
    else:
        reader.open_item(sub_label(reader, top), title[:300], top.number, titled=True)
    if len(title) > 300:
        reader.paragraph.append(title)
    return index


def free_number(reader: "Reader", wanted: str) -> str:
    """`wanted`, or the next number no item of the agenda has: minutes that hold several
    meetings' notes number each meeting's agenda from 1 again."""
    numbers = {i.number for i in reader.report.items}
    if wanted not in numbers:
        return wanted
    number = len([i for i in reader.report.items if i.parent_number is None]) + 1
    while str(number) in numbers:
        number += 1
    return str(number)


def sub_label(reader: "Reader", parent: ParsedItem) -> str:
    """The next free letter under `parent`: "a", …, "z", then "aa", "ab", …"""
    taken = {i.label for i in reader.report.items if i.parent_number == parent.number}
    count = 0
    while True:
        label, n = "", count
        while True:
            label = chr(ord("a") + n % 26) + label
            n = n // 26 - 1
            if n < 0:
                break
        if label not in taken:
            return label
        count += 1


def read_agenda(reader: "Reader", index: int) -> int:
    """A numbered list, with lettered sub-items: "1) Title, Presenter"."""
    parent: ParsedItem | None = None
    while index < len(reader.lines):
        line = reader.lines[index]
        text = HEADING_MARKS.sub("", clean(line))
        if not text:
            if reader.report.items:
                break
            index += 1
            continue
        label = LABEL.match(text)
        if not label or not (BULLET.match(line) or line.startswith(" ")):
            break
        number = label["label"]
        if number.isalpha() and parent:
            letter = number.lower()
            if reader.report.item(parent.number + letter):
                letter = sub_label(reader, parent)
            item = ParsedItem(parent.number + letter, letter, label["rest"])
        else:
            number = free_number(reader, number)
            item = ParsedItem(number, number, label["rest"])
            parent = item
        split_presenters(reader, item)
        reader.report.items.append(item)
        index += 1
    reader.agenda_done = True
    return index


def split_presenters(reader: "Reader", item: ParsedItem) -> None:
    """ "Title: Ann & Bob" or "Title, Ann": the tail is presenters only if it names people."""
    attendees = {n.split()[0] for _, names in reader.report.attendees for n in names if n}
    for separator in (": ", ", "):
        title, found, tail = item.title.rpartition(separator)
        if not found:
            continue
        names = split_names(tail)
        if names and all(n.split()[0] in attendees for n in names if n.split()):
            item.title, item.presenters = title.strip(), names
            return


def heading(reader: "Reader", line: str, text: str) -> tuple[str, str, str | None] | None:
    """A numbered heading in the minutes: ("2", "Title", None) or ("a", "…", "2")."""
    text = HEADING_MARKS.sub("", text)
    label = LABEL.match(text)
    if not label or (BULLET.match(line) and not HEADING_MARKS.match(line)):
        return None
    number, rest = label["label"], label["rest"]
    if number.isdigit():
        return number, rest, None
    if reader.current_top is not None:
        return number.lower(), rest, reader.current_top.number
    if HEADING_MARKS.match(line) or len(rest) <= 80:
        return number.upper(), rest, None
    return None

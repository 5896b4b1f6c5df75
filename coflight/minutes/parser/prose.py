"""Actions written in the run of the minutes, learnt from the corpus: "Dave will try to find
out", "Tim and Aaron to take this offline.", "@idabzo will coordinate …", "Action items: Laurent
updates the draft …", "Action item is to ensure …". The line stays minutes text, as written;
the action is taken from it as well. A name counts only when it is an attendee's (a first name,
a full name, or the initials the attendee list gives), or a @handle, so that "Java will …" or
"It will …" are no owners."""

import re
from typing import TYPE_CHECKING

from .model import Owner

if TYPE_CHECKING:
    from .reader import Reader

SENTENCE = re.compile(r"(?<=[.!?;])\s+|,\s+and\s+|\s+--?\s+|\s+[–—]\s+")
NAME = r"(?:@[\w-]{1,40}|[A-ZÀ-Ý][\w'’.-]{0,30}(?: [A-ZÀ-Ý][\w'’.-]{0,30})?)"
WHO_DOES = re.compile(
    rf"^(?P<names>{NAME}(?:(?:, | and | & | \+ ){NAME}){{0,3}}) (?:will|to) "
    r"(?!be\b|have\b|not\b|need\b)(?P<text>[a-z]\S*(?: \S+){0,60})$"
)
MARKED = re.compile(r"\b(?:action items?|AI)\s*(?::|is to\b|[-–—] )\s*(?P<text>\S.{2,})$", re.I)
OWNER_SPLIT = re.compile(r", | and | & | \+ ")


def read_prose(reader: "Reader", text: str) -> None:
    """The actions a line of minutes text states."""
    marked = MARKED.search(text)
    if marked:
        task = marked["text"].strip("_* ")
        who, rest = _owner_first(reader, task)
        _add(reader, rest, who)
        return
    for sentence in SENTENCE.split(text):
        found = WHO_DOES.match(sentence.strip("_*() "))
        if not found:
            continue
        names = [n.strip(" @") for n in OWNER_SPLIT.split(found["names"])]
        if all(n and _known(reader, n, handle=f"@{n}" in found["names"]) for n in names):
            _add(reader, found["text"].rstrip(" _*"), names)


def _owner_first(reader: "Reader", task: str) -> tuple[list[str], str]:
    """ "Laurent updates the draft": Laurent, when an attendee, and the task."""
    first, _space, rest = task.partition(" ")
    if rest and _known(reader, first.strip(":,"), handle=first.startswith("@")):
        return [first.strip("@:,")], rest
    return [], task


def _known(reader: "Reader", name: str, handle: bool = False) -> bool:
    if handle:
        return True
    known = reader.known_names()
    return name.casefold() in known or name.split()[0].casefold() in known


def _add(reader: "Reader", text: str, names: list[str]) -> None:
    action = reader.add_action(text, [Owner(n) for n in names])
    if reader.current is not None and reader.paragraph:
        # Its sentence is in the paragraph being read: the action follows that paragraph.
        action.after_paragraph = len(reader.current.paragraphs) + 1

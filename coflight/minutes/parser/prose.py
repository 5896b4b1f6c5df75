"""Actions written in the run of the minutes, learnt from the corpus: "Dave will try to find
out", "Tim and Aaron to take this offline.", "@idabzo will coordinate …", "Action items: Laurent
updates the draft …", "Action item is to ensure …", "Gershom: volunteered", "Pass this feedback
to RCA, and YSZ will follow up.". The line stays minutes text, as written; the action is taken
from it as well. A name counts only when it is an attendee's (a first name,
a full name, or the initials the attendee list gives), or a @handle, so that "Java will …" or
"It will …" are no owners."""

import re
from typing import TYPE_CHECKING

from .model import Owner, Role
from .text import BULLET

if TYPE_CHECKING:
    from .reader import Reader

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
SENTENCE = re.compile(r"(?<=[.!?;])\s+|,\s+and\s+|\s+--?\s+|\s+[–—]\s+")
NAME = r"(?:@[\w-]{1,40}|[A-ZÀ-Ý][\w'’.-]{0,30}(?: [A-ZÀ-Ý][\w'’.-]{0,30})?)"
WHO_DOES = re.compile(
    rf"^(?P<names>{NAME}(?:(?:, | and | & | \+ ){NAME}){{0,3}}) (?:will|to) "
    r"(?!be\b|have\b|not\b|need\b)(?P<text>[a-z]\S*(?: \S+){0,60})$"
)
# "Gershom: volunteered", "Ann volunteered to draft it": the volunteer owns what was asked.
NAMES = rf"{NAME}(?:(?:, | and | & | \+ ){NAME}){{0,3}}"
VOLUNTEERED = re.compile(rf"^(?P<names>{NAMES}):? volunteered\b(?: to )?(?P<text>.*)$")
# "… and Bob to review it", "…, Bob will review it": a second task in the same sentence, of
# whom it names ("…, Bob agrees" says what Bob thinks, not what he will do).
ANOTHER_TASK = re.compile(
    rf"(?:,|;|\s+and)\s+(?P<names>{NAMES})\s+(?:will|to)\s+(?!be\b|have\b|not\b)(?=[a-z])"
)
# Verbs that, first in a sentence, give a task: "Pass this feedback to RCA".
TASK_VERBS = {"pass", "send", "ask", "check", "review", "update", "fix", "write", "draft"}
TASK_VERBS |= {"prepare", "share", "schedule", "contact", "file", "investigate", "propose"}
TASK_VERBS |= {"circulate", "publish", "submit", "confirm", "organise", "organize", "email"}
TASK_VERBS |= {"remind", "notify", "inform", "invite", "reply", "document", "create", "open"}
# The lines a sentence can run through: minutes text, or a decision and the text under it.
RUNNING = {Role.TEXT, Role.DECISION}
# A sentence the line does not end goes on in the next lines of the same paragraph.
ENDED = re.compile(r"[.!?:;]\W{0,3}$")
MARKED = re.compile(r"\b(?:action items?|AI)\s*(?::|is to\b|[-–—] )\s*(?P<text>\S.{2,})$", re.I)
OWNER_SPLIT = re.compile(r", | and | & | \+ ")


def read_prose(reader: "Reader", text: str, index: int) -> None:
    """The actions line `index` - 1 of minutes text states."""
    # One space between words: a run of thousands would make the splits below quadratic.
    text = " ".join(text.split())
    marked = MARKED.search(text)
    if marked:
        for task, names in owned_tasks(reader, marked["text"].strip("_* ")):
            _add(reader, task, names)
        return
    sentences = SENTENCE.split(text)
    if index >= 2 and reader.roles[index - 2] in RUNNING and _goes_on(reader, index - 2):
        # Its first sentence began on the line before, and was read there.
        sentences = sentences[1:]
    if sentences and _goes_on(reader, index - 1):
        sentences[-1] = f"{sentences[-1]} {_rest_of_sentence(reader, index)}"
    tasks: list[tuple[str, list[str]]] = []
    orders: list[str] = []
    for sentence in sentences:
        sentence = sentence.strip("_*() ")
        found = WHO_DOES.match(sentence) or VOLUNTEERED.match(sentence)
        if not found:
            if sentence.split(" ", 1)[0].casefold() in TASK_VERBS:
                orders.append(sentence)
            continue
        names = [n.strip(" @") for n in OWNER_SPLIT.split(found["names"])]
        if all(n and _known(reader, n, handle=f"@{n}" in found["names"]) for n in names):
            # "Gershom: volunteered", for what was asked just before.
            task = found["text"].rstrip(" _*") or "volunteered"
            tasks += _split(reader, task[:1].upper() + task[1:], names)
    if tasks:
        # "Pass this feedback to RCA, and YSZ will follow up.": beside a task someone takes, a
        # task given with no one named is one as well.
        tasks = [(order.rstrip(" ._*"), []) for order in orders] + tasks
    for task, names in tasks:
        _add(reader, task, names)


def owned_tasks(reader: "Reader", task: str) -> list[tuple[str, list[str]]]:
    """ "Ann to draft the charter and Bob to review it", "Laurent updates the draft": the tasks
    of one marked sentence, each with the attendees it names first (none when it names none)."""
    found = WHO_DOES.match(task.strip("_* "))
    if found:
        names = [n.strip(" @") for n in OWNER_SPLIT.split(found["names"])]
        if all(n and _known(reader, n, handle=f"@{n}" in found["names"]) for n in names):
            return _split(reader, found["text"].rstrip(" _*"), names)
    who, rest = _owner_first(reader, task)
    return _split(reader, rest, who) if who else [(task, [])]


def _split(reader: "Reader", task: str, names: list[str]) -> list[tuple[str, list[str]]]:
    """ "draft the charter and Bob to review it", of Ann: Ann's task, then Bob's; only where
    the second names are attendees', so that "and Java will …" goes on with the first."""
    for then in ANOTHER_TASK.finditer(task):
        second = [n.strip(" @") for n in OWNER_SPLIT.split(then["names"])]
        if all(n and _known(reader, n, handle=f"@{n}" in then["names"]) for n in second):
            first = task[: then.start()].rstrip(" ,;")
            rest = task[then.end() :]
            return [(first, names), *_split(reader, rest[:1].upper() + rest[1:], second)]
    return [(task.rstrip(" ,;"), names)]


def _goes_on(reader: "Reader", index: int) -> bool:
    """Whether line `index` is running text whose last sentence the next line carries on."""
    lines = reader.lines
    if index < 0 or index + 1 >= len(lines) or not lines[index].strip():
        return False
    following = lines[index + 1]
    return not (
        ENDED.search(lines[index])
        or not following.strip()
        or BULLET.match(following)
        or following.lstrip().startswith(("#", "|", ">"))
        or BULLET.match(lines[index]) is not None
    )


def _rest_of_sentence(reader: "Reader", index: int) -> str:
    """The words of lines `index` on, up to the end of the sentence they carry on."""
    words: list[str] = []
    for at in range(index, min(index + 5, len(reader.lines))):
        line = reader.lines[at].strip()
        first = SENTENCE_END.split(line, maxsplit=1)[0]
        words.append(first)
        if first != line or not _goes_on(reader, at):
            break
    return " ".join(words)


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
    words = name.split()
    return bool(words) and (name.casefold() in known or words[0].casefold() in known)


def _add(reader: "Reader", text: str, names: list[str]) -> None:
    action = reader.add_action(text, [Owner(n) for n in names])
    # Its line stays minutes text: no earlier action's line to keep again.
    action.reviewed, action.source = False, ""
    if reader.current is not None and reader.paragraph:
        # Its sentence is in the paragraph being read: the action follows that paragraph.
        action.after_paragraph = len(reader.current.paragraphs) + 1

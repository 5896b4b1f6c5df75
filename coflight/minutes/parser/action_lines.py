"""Tasks on one line, as communities mark them, learnt from the corpus (tests/imports/corpus):

- `@Ann: …`, `@Ann, @Bob: …`; "Ann to …" and "Ann: …" in a list of action items;

- `ACTION Labhraich and Dan: …`, `Action item for Mike/Christian: …`, `Action item (Christian): …`
  (IRC minutes, LLVM);
- `AI -- Aaron to read …`, `AI -- Derek -- Amendment language`, `AI(Ann + Bob): …` (Kubernetes);
- `TODO: Pradyun: …`, `TODO: Pradyun to …`, `-> Action: Ask the person …` (pip's team);
- GitHub task lists, `- [ ] @avocadoom work on …`, `- [x] …` done (NixOS).

Each pattern is anchored and free of nested repetition, as the parser's own are.
"""

import dataclasses
import re
from typing import TYPE_CHECKING

from .model import Owner
from .text import BULLET, owners_of, split_names

if TYPE_CHECKING:
    from .reader import Reader

# "@Ann: …", "@Ann, @Bob: …"; not "@mikeal [#1481](https://…)", a link's colon.
AT_ACTION = re.compile(
    r"^@(?P<names>[^:@\[\]()]{1,80}(?: ?[,&] ?@[^:@\[\]()]{1,80}){0,9}): ?(?P<text>\S.*)$"
)
NAME_TO_TASK = re.compile(
    r"^(?P<names>[A-ZÀ-Ý][\w'’.-]*(?: [A-ZÀ-Ý][\w'’.-]*)?(?: ?(?:,|&|and) ?[A-ZÀ-Ý][\w'’.-]*"
    r"(?: [A-ZÀ-Ý][\w'’.-]*)?){0,5}) to (?P<text>\S.*)$"
)
# "[devlin] Propose concrete naming": the owner's nick in brackets, as W3C scribes write it.
BRACKETED_NICK = re.compile(r"^\[(?P<nick>[\w.-]{1,30})\] (?P<text>\S.*)$")
NAME_COLON_TASK = re.compile(r"^(?P<names>[^:]{1,60}): ?(?P<text>\S.*)$")
NAME = r"(?:[A-ZÀ-Ý][\w'’.-]*|@[\w-]+)"
NAMES = rf"{NAME}(?:(?:\s*[/+&,]\s*|\s+and\s+|\s+supported by\s+|\s){NAME}){{0,5}}"
MARKER = r"(?:ACTION|[Aa]ction items?)\s+\(?(?:for\s+)?(?P<names>[^:()]{1,80}?)\)?\s*:"
NAMED_ACTION = re.compile(rf"^{MARKER}\s*(?P<text>\S.*)$")
NAMED_ACTION_ALONE = re.compile(rf"^{MARKER}$")
AI = re.compile(r"^AI\s*(?:\((?P<names>[^()]{1,80})\))?\s*(?::|--|–|—)\s*(?P<rest>\S.*)$")
TODO = re.compile(r"^TODO\s*:\s*(?P<rest>\S.*)$")
ARROW_ACTION = re.compile(r"(?:^|\s)-?>\s*Action\s*:\s*(?P<text>\S.*)$", re.I)
BULLETED = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s")
CHECKBOX = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\[(?P<done>[ xX])\]\s+(?P<rest>\S.*)$")
HANDLES = r"@[\w-]{1,40}(?:\s*[/,&]\s*@[\w-]{1,40}){0,5}"
HANDLE = re.compile(rf"^(?P<handle>{HANDLES})\s+(?P<text>\S.*)$")
# "- @djacu will work on …", "- @ALL - please review …", "ACTION ITEM @ALL - please vote …":
# a handle and a word that makes it a task; "* @mikeal [#1481](…)" (a list of who came, with
# their pull requests) is none.
HANDLE_TASK = re.compile(
    rf"^(?:(?:ACTION|[Aa]ction) items?\s+)?(?P<handle>{HANDLES})\s*"
    r"(?:(?P<will>will|to)\s+|[-–:]\s+)(?P<text>[^\[\s].*)$",
    re.I,
)
# "- **_@CRob update WG readme_**": a list item in bold, a handle first, is a task.
EMPHASISED_HANDLE = re.compile(
    rf"^\s*[-*+]\s+(?:\*\*|__)[_*]?(?P<handle>{HANDLES})\s+(?P<text>[^\[\s].*)$"
)
# "Gershom will post …", at the start of a list item.
NAME_WILL = re.compile(
    r"^(?P<name>[A-ZÀ-Ý][\w'’.-]{1,30}) will (?!be\b|have\b|not\b|need\b)(?P<text>\S.*)$"
)
NOT_SUBJECTS = {
    "We",
    "I",
    "It",
    "This",
    "That",
    "They",
    "He",
    "She",
    "You",
    "There",
    "Everyone",
    "Someone",
    "Nobody",
    "Who",
    "What",
    "Which",
    "The",
    "A",
    "An",
    "If",
    "Then",
    "Also",
}
STATUS_FIRST = re.compile(r"^\((?:✅\s*)?(?P<tag>done|standing)\)\s*(?P<rest>\S.*)$", re.I)
NAME_TO = re.compile(rf"^(?P<names>{NAMES}) to (?P<text>\S.*)$")
NAME_COLON = re.compile(rf"^(?P<names>{NAMES})\s*:\s*(?P<text>\S.*)$")
DASHED = re.compile(rf"^(?P<names>{NAMES})\s+(?:--|–|—)\s+(?P<text>\S.*)$")
FIRST_WORD = re.compile(r"^(?P<name>[A-Za-zÀ-ÿ][\w'’.-]{0,30})\s+(?P<text>\S.*)$")
NO_ACTION = re.compile(r"^no (?:further )?actions? (?:is )?(?:needed|required)", re.I)
DONE_TAG = re.compile(r"\((?:✅\s*)?done\)|\[done\]|\bdone:", re.I)
SPLIT = re.compile(r"\s*(?:,|/|\+|&|\band\b|\bsupported by\b)\s*")
# Words that begin a task, not a name: "AI -- make PR".
NOT_NAMES = {"make", "send", "write", "ask", "check", "follow", "review", "update", "add", "fix"}


@dataclasses.dataclass
class Task:
    text: str
    owners: list[str]
    done: bool = False


def names(text: str) -> list[str]:
    return [n.strip(" @") for n in SPLIT.split(text) if n.strip(" @")]


def task_of(line: str, text: str, known: set[str]) -> Task | None:
    """The task `line` (`text` cleaned of its bullet and markup) marks, if it marks one;
    `known` are the names of the meeting's people, casefolded, for "AI -- Tim does …"."""
    # "**_@CRob update the readme_**": emphasis around the whole line says nothing.
    text = text.strip("_* ")
    box = CHECKBOX.match(line)
    if box:
        rest = box["rest"]
        handle = HANDLE.match(rest)
        task = (
            Task(handle["text"], names(handle["handle"])) if handle else _owned(text, known, rest)
        )
        task.text = re.sub(r"^will\s+", "", task.text)
        task.done = box["done"] in "xX"
        return task
    status = STATUS_FIRST.match(text)
    if status:
        found_task = task_of(status["rest"], status["rest"], known)
        if found_task is not None:
            found_task.done = found_task.done or status["tag"].lower() == "done"
        return found_task
    handle_task = HANDLE_TASK.match(text)
    if handle_task:
        return _tagged(Task(handle_task["text"], names(handle_task["handle"])))
    stressed = EMPHASISED_HANDLE.match(line)
    if stressed:
        return _tagged(Task(stressed["text"].strip("_* "), names(stressed["handle"])))
    will = NAME_WILL.match(text) if BULLETED.match(line) else None
    if will and will["name"] not in NOT_SUBJECTS:
        return _tagged(Task(will["text"], [will["name"]]))
    found = NAMED_ACTION.match(text)
    if found:
        return _tagged(Task(found["text"], names(found["names"])))
    ai = AI.match(text)
    if ai:
        if ai["names"]:
            return _tagged(Task(ai["rest"], names(ai["names"])))
        return _tagged(_owned(ai["rest"], known, ai["rest"], first_word=True))
    todo = TODO.match(text)
    if todo:
        return _tagged(_owned(todo["rest"], known, todo["rest"]))
    arrow = ARROW_ACTION.search(text)
    if arrow and not NO_ACTION.match(arrow["text"]):
        return _tagged(_owned(arrow["text"], known, arrow["text"]))
    return None


def owners_heading(text: str) -> list[str] | None:
    """`Action item for Mike/Christian:` alone: the owners of the tasks listed under it."""
    found = NAMED_ACTION_ALONE.match(text)
    return names(found["names"]) if found else None


def _owned(text: str, known: set[str], whole: str, first_word: bool = False) -> Task:
    """ "Ann to …", "Ann: …", "Ann -- …", or (`first_word`) "Ann does …" where Ann is known."""
    for pattern in (NAME_TO, NAME_COLON, DASHED):
        found = pattern.match(text)
        if found and len(found["names"]) <= 60:
            return Task(found["text"], names(found["names"]))
    word = FIRST_WORD.match(text) if first_word else None
    if word and word["name"].casefold() in known and word["name"].casefold() not in NOT_NAMES:
        return Task(word["text"], [word["name"]])
    return Task(whole, [])


def _tagged(task: Task) -> Task:
    task.done = task.done or bool(DONE_TAG.search(task.text))
    return task


def read_at_action(reader: "Reader", line: str, text: str, index: int) -> int | None:
    at_action = AT_ACTION.match(text)
    if not at_action:
        return None
    names = [n.strip(" @") for n in re.split(r"[,&]", at_action["names"])]
    reader.add_action(at_action["text"], [Owner(n) for n in names if n])
    return index


def read_task_line(reader: "Reader", line: str, text: str, index: int) -> int | None:
    return index if read_task(reader, line, text) else None


def read_task(reader: "Reader", line: str, text: str) -> bool:
    """A task as other communities mark it (py); whether `line` was one."""
    indent = len(line) - len(line.lstrip())
    if reader.task_owners is not None:
        owners, under, writing = reader.task_owners
        if indent > under and BULLET.match(line):
            action = reader.add_action(text, [Owner(n) for n in owners])
            reader.task_owners = (owners, under, action)
            return True
        if indent > under and not owners_heading(text):
            # "Action item (for working group):", then the task on the lines under it, or a
            # task's bullet going on on the next line.
            if writing is None:
                writing = reader.add_action(text, [Owner(n) for n in owners])
            else:
                writing.text = f"{writing.text} {text}"
            reader.task_owners = (owners, under, writing)
            return True
        reader.task_owners = None
    heading = owners_heading(text)
    if heading is not None:
        reader.flush_paragraph()
        reader.task_owners = (heading, indent, None)
        return True
    task = task_of(line, text, reader.known_names())
    if task is None:
        return False
    reader.flush_paragraph()
    action = reader.add_action(task.text, [Owner(n) for n in task.owners])
    if task.done:
        action.status = "done"
    return True


def read_action_item(reader: "Reader", text: str) -> None:
    nick = BRACKETED_NICK.match(text)
    if nick:
        reader.add_action(nick["text"], [Owner(nick["nick"])])
        return
    item = NAME_COLON_TASK.match(text)
    task = NAME_TO_TASK.match(text)
    if item and len(split_names(item["names"])) <= 6:
        owners, acting_for = owners_of(item["names"])
        reader.add_action(item["text"], owners).acting_for = acting_for
    elif task:
        reader.add_action(task["text"], [Owner(n) for n in split_names(task["names"])])
    else:
        reader.add_action(text, [])

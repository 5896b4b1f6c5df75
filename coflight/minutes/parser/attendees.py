"""Who came, and who did not: "Present:" lists under their many names, organisations in
brackets or before a colon, Markdown links, and those listed as excused or absent."""

import re
from typing import TYPE_CHECKING

from .text import BULLET, HEADING_MARKS, clean, split_names

if TYPE_CHECKING:
    from .reader import Reader

PRESENT_HEADING = re.compile(
    r"^(?:#+ )?(?:present|attendees|attendance|participants|roll ?call|présents?|officers"
    r"|guests|directors present|people present)\b"
    r" ?:? ?(?P<rest>.*)$",
    re.I,
)
ABSENT_HEADING = re.compile(
    r"^(?:#+ )?(?P<kind>absent|absentees|not present|regrets|apologies|excused|excusés?|absents?)"
    r"\b ?:? ?(?P<rest>.*)$",
    re.I,
)
EXCUSED_WORDS = {"regrets", "apologies", "excused", "excusé", "excusés"}
PRESENT_SENTENCE = re.compile(r"\b(?:were|was) present\b|\bpresent\s*:?$", re.I)
PROJECTS = re.compile(
    r"^(?:(?:\w+) other )?projects? (?:were |was )?represented ?: ?(?P<names>.+)$", re.I
)
# A role in brackets, after a name, is no organisation: "Ben (TC)", "Ann (chair)".
ROLES = {"tc", "chair", "co-chair", "cochair", "vice-chair", "scribe", "moderator"}
ROLES |= {"co-moderator", "facilitator", "host", "note taker", "notetaker", "secretary"}
ROLES |= {"editor", "guest", "observer", "invited expert", "president", "treasurer", "tsc"}
ROLES |= {"lead", "speaker", "presenter", "minutes", "notes", "staff", "convener", "bosun"}
NAME_AND_ORGANISATION = re.compile(
    r"^(?P<name>[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ýa-z][\w'’.-]+){1,3}), "
    r"(?P<organisation>[\w][\w&'’. -]{0,60}?)$"
)
ATTENDEE_SEPARATOR = re.compile(r"\s*[,;]\s*(?![^()\[\]]*[)\]])")
MARKDOWN_LINK = re.compile(r"\[([^\[\]]{1,200})\]\([^()\s]{0,500}\)")
COMINGS_AND_GOINGS = re.compile(
    r"\s*[(\[](?:left|joined|arrived|from|until|late)\b[^()\[\]]{0,40}[)\]]", re.I
)


def read_absent(reader: "Reader", line: str, text: str, index: int) -> int | None:
    absent = ABSENT_HEADING.match(text)
    if not absent or not (absent["rest"] or not reader.report.items):
        return None
    under = len(line) - len(line.lstrip()) if BULLET.match(line) else None
    presence = "excused" if absent["kind"].casefold() in EXCUSED_WORDS else "absent"
    listed: list[tuple[str, list[str]]] = []
    index = read_attendees(reader, index, absent["rest"], under, into=listed)
    reader.report.absentees += [(presence, org, name) for org, names in listed for name in names]
    return index


def read_present(reader: "Reader", line: str, text: str, index: int) -> int | None:
    # "Participants (Berkeley location is "central")?": a question, not a list of who came.
    present = PRESENT_HEADING.match(text) if not text.endswith("?") else None
    # "Also present:", "The following board members were present:" introduce a list anywhere.
    sentence = PRESENT_SENTENCE.search(text) and (text.endswith(":") or not reader.report.items)
    if not present and not sentence:
        return None
    if present and HEADING_MARKS.match(line) and ":" not in text:
        return read_attendees(reader, index, "", None)  # "### Attendees present": a heading
    # A heading that is itself a bullet ("* **Present**") holds the bullets indented under it,
    # not those beside it ("* **Absent**", "* **Topics**").
    under = len(line) - len(line.lstrip()) if BULLET.match(line) else None
    return read_attendees(reader, index, present["rest"] if present else "", under)


def read_projects(reader: "Reader", line: str, text: str, index: int) -> int | None:
    projects = PROJECTS.match(text)
    if not projects:
        return None
    reader.report.projects = split_names(projects["names"])
    return index


def read_attendees(
    reader: "Reader",
    index: int,
    inline: str,
    under: int | None = None,
    into: list[tuple[str, list[str]]] | None = None,
) -> int:
    listed = reader.report.attendees if into is None else into
    before = len(listed)
    if inline:
        listed.extend(attendee_groups(inline, reader.report.aliases))
    while index < len(reader.lines):
        line = reader.lines[index]
        text = clean(line)
        if not text:
            if len(listed) > before:
                return index + 1
            index += 1
            continue
        if not BULLET.match(line) and not line.startswith(" "):
            return index
        if under is not None and len(line) - len(line.lstrip()) <= under:
            return index
        # "- Heather Miller, EPFL": one person a line, and their organisation.
        one = NAME_AND_ORGANISATION.match(text) if BULLET.match(line) else None
        if one:
            listed.append((one["organisation"], [one["name"]]))
        else:
            listed.extend(attendee_groups(text, reader.report.aliases))
        index += 1
    return index


def is_initials(bracket: str, name: str) -> bool:
    """ "SFC" for "Shane Carr", "YSZ" for "Yusuke Suzuki": capitals that begin with the first
    name's initial and hold the last name's."""
    words = name.partition(" - ")[0].split()
    return (
        re.fullmatch(r"[A-Z]{2,4}", bracket) is not None
        and len(words) >= 2
        and bracket[0] == words[0][:1].upper()
        and words[-1][:1].upper() in bracket[1:]
    )


def attendee_groups(
    text: str, aliases: dict[str, str] | None = None
) -> list[tuple[str, list[str]]]:
    # "[Anne Bertucio](mailto:…)": the link's text is the name.
    text = MARKDOWN_LINK.sub(r"\1", text)
    # "Ann (left at 11:04)": when she came or went, not her organisation.
    text = COMINGS_AND_GOINGS.sub("", text)
    organisation, colon, names = text.partition(":")
    if colon and names.strip():
        return [(organisation.strip(), split_names(names))]
    groups = []
    bracketed = "(" in text or "[" in text
    # Split at commas outside brackets: "Jenn Bonner (LF, OpenSSF), Aeva Black (Microsoft)".
    for entry in ATTENDEE_SEPARATOR.split(text) if bracketed else split_names(text):
        match = re.fullmatch(
            r"(?P<name>[^()\[\]]+?) ?(?:\((?P<org>[^()]+)\)|\[(?P<org2>[^\[\]]+)\])",
            entry.strip(),
        )
        if match and match["org2"]:
            groups.append((match["org2"].strip(), [match["name"].strip()]))
            continue
        if match:
            name, bracket = match["name"].strip(), match["org"].strip()
            if bracket.casefold() in ROLES or is_initials(bracket, name):
                # "Ben (TC)", "Yusuke Suzuki - Apple (YSZ)": a role or initials, no organisation.
                name, _dash, organisation = name.partition(" - ")
                if aliases is not None and is_initials(bracket, name):
                    aliases[bracket] = name.strip()
                groups.append((organisation.strip(), [name.strip()]))
            else:
                groups.append((bracket, [name]))
        elif entry.strip():
            groups.append(("", [entry.strip()]))
    return groups

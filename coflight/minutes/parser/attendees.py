"""Who came, and who did not: "Present:" lists under their many names, organisations in
brackets or before a colon, Markdown links, and those listed as excused or absent."""

import datetime
import re
from typing import TYPE_CHECKING

from .model import Role
from .text import BULLET, HEADING_MARKS, clean, parse_time, split_names

if TYPE_CHECKING:
    from .model import ParsedReport
    from .reader import Reader

PRESENT_HEADING = re.compile(
    r"^(?:#+ )?(?:present|attendees|attendance|participants|roll ?call|présents?|officers"
    r"|guests|directors present|people present|new friends|new attendees|newcomers)\b"
    r" ?:? ?(?P<rest>.*)$",
    re.I,
)
ABSENT_HEADING = re.compile(
    r"^(?:#+ )?(?P<kind>absent|absentees|not present|regrets|apologies|excused|excusés?|absents?)"
    r"\b ?:? ?(?P<rest>.*)$",
    re.I,
)
EXCUSED_WORDS = {"regrets", "apologies", "excused", "excusé", "excusés"}
PRESENT_SENTENCE = re.compile(
    r"\b(?:were|was) present\b|\bpresent\s*:?$|\bétai(?:en)?t présent(?:e)?s?\b"
    r"|\bprésent(?:e)?s?[ \u00a0]*:?$"
    r"|^(?:\S+\s+){1,3}(?:attendees|attendance|participants)\s*:$",
    re.I,
)
# "Attendance (please add yourself)": a remark on the list, not a name in it.
REMARK = re.compile(r"^\([^()]*\)$")
# "- Sync" over the handles of those who joined the call: how they came, not who.
ATTENDANCE_MODES = {"sync", "async", "in person", "in-person", "remote", "remotely", "online"}
ATTENDANCE_MODES |= {"on site", "onsite", "virtual", "in the room", "in room", "by phone", "phone"}
ATTENDANCE_MODES |= {"zoom", "video", "dial-in", "irc", "on irc", "present", "in attendance"}
# A line of a list of names with no bullets, under "## Present": short, no sentence in it.
# Capitalised words, a particle among them ("David Thrane Christiansen", "Hécate", "Ruben De
# Smet"): "Introductions and welcome" or "We discussed the budget" are no names.
PLAIN_NAME = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]{0,30}(?: (?:[A-ZÀ-Ý][\w'’.-]{0,30}|de|van|von|der|da|du|le|la|di)){0,4}$"
)
IMAGE = re.compile(r"\s*!\[[^\[\]]{0,100}\]\([^()]{0,500}\)")
# "3 other projects were represented: …", « 3 autres projets étaient représentés : … ».
PROJECTS = re.compile(
    r"^(?:(?:(?:\w+) other )?projects? (?:were |was )?represented"
    r"|(?:(?:\w+) autres )?projets? (?:étaient |était |ont été |a été )?représentés?) ?: ?"
    r"(?P<names>.+)$",
    re.I,
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
# "Shane Carr - Google i18n (SFC), Moderator", "Joe Beda, Tim St. Clair - Heptio": names, their
# organisation after a dash, their initials in brackets, and a role after them.
DASHED_ORGANISATION = re.compile(
    r"^(?P<names>[^()\[\]{}:]{2,120}?) [-–] (?P<org>[^()\[\]{}:]{1,80}?)"
    r"(?: \((?P<initials>[A-Z]{2,4}(?: ?(?:→|->) ?[A-Z]{2,4})?)\))?(?:, (?P<role>[^()]{1,60}))?$"
)
# "Joe Beda, Tim St. Clair [Heptio]", "Tim Hockin {Google}", "Brandon Philips [CoreOS] NOTE
# TAKER!": the organisation in brackets after the names it is of.
BRACKETED_ORGANISATION = re.compile(
    r"^(?P<names>[^()\[\]{}:]{2,200}?),? ?[\[{](?P<org>[^\[\]{}]{1,80})[\]}]"
    r"(?P<after>[^()\[\]{}a-z]{0,30})$"
)
NAME_WORDS = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]*(?: (?:[A-ZÀ-Ý][\w'’.-]*|de|van|von|der|da|le|la)){0,4}$"
)
ATTENDEE_SEPARATOR = re.compile(r"\s*[,;]\s*(?![^()\[\]]*[)\]])")
MARKDOWN_LINK = re.compile(r"\[([^\[\]]{1,200})\]\([^()\s]{0,500}\)")
# "left at 11:04", "joined 10:30": when they came or went, as the note says it.
CAME_OR_WENT = re.compile(
    r"\b(?P<way>left|arrived|joined|from|until)\s+(?:at\s+)?(?P<time>\d{1,2}(?:[:h.]\d{2})?"
    r"\s?(?:[ap]\.?m\.?)?)(?!\w)",
    re.I,
)
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
    rest = present["rest"] if present else ""
    rest = "" if REMARK.match(rest) else rest
    if present and HEADING_MARKS.match(line) and ":" not in text:
        # "### Attendees present": a heading, over a list or over names one a line.
        return read_attendees(reader, index, "", None, plain=True)
    # A heading that is itself a bullet ("* **Present**") holds the bullets indented under it,
    # not those beside it ("* **Absent**", "* **Topics**").
    under = len(line) - len(line.lstrip()) if BULLET.match(line) else None
    return read_attendees(reader, index, rest, under, plain=not rest and under is None)


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
    plain: bool = False,
) -> int:
    """Reads the list of people from line `index` on, into the attendees (or `into`); `plain`
    when, under a heading of its own, the list may be names one a line with no bullets."""
    listed = reader.report.attendees if into is None else into
    before = len(listed)
    if inline:
        listed.extend(attendee_groups(inline, reader.report))
    bullets: int | None = None  # the indent of the list's own bullets
    start = index
    while index < len(reader.lines):
        line = reader.lines[index]
        text = clean(line)
        indent = len(line) - len(line.lstrip())
        if not text:
            following, _words = reader.next_filled(index)
            # "- Pradyun", a blank line, "- Georgia": a list spaced out, still one list.
            spaced = (
                bullets is not None
                and following < len(reader.lines)
                and BULLET.match(reader.lines[following]) is not None
                and len(reader.lines[following]) - len(reader.lines[following].lstrip()) == bullets
            )
            if len(listed) > before and not spaced:
                return index + 1
            index += 1
            continue
        bulleted = BULLET.match(line) is not None
        # Names one a line follow their heading at once: after a blank line, it is the minutes.
        at_once = index == start or (len(listed) > before and reader.lines[index - 1].strip())
        plain_name = plain and bullets is None and at_once and PLAIN_NAME.match(text)
        if not bulleted and not line.startswith(" ") and not plain_name:
            return index
        if under is not None and indent <= under:
            return index
        if bulleted and bullets is None:
            bullets = indent
        index += 1
        if _is_group_label(reader, line, text, index):
            # "- Google" over its people: their organisation; "- Sync" over handles: how.
            index = _read_group(reader, index, indent, text, listed)
            continue
        text = IMAGE.sub("", text)
        if text.casefold() in ATTENDANCE_MODES:
            # "- Async" with no one under it: no one to list, and a line to keep.
            reader.roles[index - 1] = Role.TEXT
            reader.keep(line, index)
            continue
        # "- Heather Miller, EPFL": one person a line, and their organisation.
        # ("- Joe Beda, Tim St. Clair - Heptio" are two people of one organisation.)
        grouped = DASHED_ORGANISATION.match(text) or BRACKETED_ORGANISATION.match(text)
        one = NAME_AND_ORGANISATION.match(text) if bulleted and not grouped else None
        if one:
            listed.append((one["organisation"], [one["name"]]))
        elif text:
            listed.extend(attendee_groups(text, reader.report))
    return index


def _is_group_label(reader: "Reader", line: str, text: str, index: int) -> bool:
    """Whether bullet `line` heads the bullets indented under it (line `index` the next)."""
    if index >= len(reader.lines) or not BULLET.match(line):
        return False
    following = reader.lines[index]
    indent = len(line) - len(line.lstrip())
    return bool(BULLET.match(following) and len(following) - len(following.lstrip()) > indent) and (
        text.casefold() in ATTENDANCE_MODES or ("," not in text and "(" not in text)
    )


def _read_group(reader: "Reader", index: int, indent: int, label: str, listed: list) -> int:
    """The bullets under group label `label` (their organisation, or how they came), from line
    `index` on."""
    mode = label.casefold() in ATTENDANCE_MODES
    notes = reader.report.attendee_notes
    while index < len(reader.lines):
        line = reader.lines[index]
        if not BULLET.match(line) or len(line) - len(line.lstrip()) <= indent:
            return index
        for organisation, names in attendee_groups(IMAGE.sub("", clean(line)), reader.report):
            listed.append((organisation if mode else label, names))
            for name in names if mode else ():
                notes[name] = ", ".join(n for n in (label, notes.get(name, "")) if n)
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


def comings_and_goings(note: str) -> tuple[datetime.time | None, datetime.time | None]:
    """When someone arrived and left, if their note says: "left at 11:04" is a departure."""
    arrived = left = None
    for found in CAME_OR_WENT.finditer(note):
        moment = parse_time(found["time"])
        if found["way"].casefold() in {"left", "until"}:
            left = moment
        else:
            arrived = moment
    if arrived and left and left < arrived:
        return None, None
    return arrived, left


def attendee_groups(text: str, report: "ParsedReport | None" = None) -> list[tuple[str, list[str]]]:
    """The people line `text` of a list names, grouped by organisation; what it says of them
    beside that (a role, their initials, when they left) goes to `report`'s notes and aliases."""
    notes: dict[str, str] = report.attendee_notes if report is not None else {}
    aliases: dict[str, str] = report.aliases if report is not None else {}
    # "[Anne Bertucio](mailto:…)": the link's text is the name.
    text = MARKDOWN_LINK.sub(r"\1", text)
    organisation, colon, names = text.partition(":")
    if colon and names.strip() and not COMINGS_AND_GOINGS.search(organisation + ")"):
        groups = []
        for entry in _entries(names):
            _org, name = _entry(entry, notes, aliases, organisation=organisation.strip())
            if name:
                groups.append((organisation.strip(), [name]))
        return groups
    grouped = _grouped(text, notes, aliases)
    if grouped:
        return grouped
    groups = []
    for entry in _entries(text):
        found_organisation, name = _entry(entry, notes, aliases)
        if name:
            groups.append((found_organisation, [name]))
    return groups


def _entries(text: str) -> list[str]:
    """The people of a line: split at commas outside brackets ("Jenn Bonner (LF, OpenSSF),
    Aeva Black (Microsoft)"), and at "and" and "&" where there are no brackets."""
    if "(" in text or "[" in text:
        return [e.strip() for e in ATTENDEE_SEPARATOR.split(text) if e.strip()]
    return split_names(text)


def _entry(
    entry: str, notes: dict[str, str], aliases: dict[str, str], organisation: str = ""
) -> tuple[str, str]:
    """The organisation and name of one person as a list writes them, their note set aside."""
    said: list[str] = []
    # "Ann (left at 11:04)": when she came or went, not her organisation.
    for going in COMINGS_AND_GOINGS.finditer(entry):
        said.append(going.group(0).strip(" ()[]"))
    entry = COMINGS_AND_GOINGS.sub("", entry).strip()
    match = re.fullmatch(
        r"(?P<name>[^()\[\]]+?) ?(?:\((?P<org>[^()]+)\)|\[(?P<org2>[^\[\]]+)\])", entry
    )
    name = entry
    if match and match["org2"]:
        name, organisation = match["name"].strip(), match["org2"].strip()
    elif match:
        name, bracket = match["name"].strip(), match["org"].strip()
        first = bracket.split(",")[0].strip()
        said_of = first.casefold() in ROLES | ATTENDANCE_MODES or is_initials(first, name)
        if said_of or organisation:
            # "Ben (TC)", "Yusuke Suzuki - Apple (YSZ)": a role or initials, no organisation.
            name, _dash, dashed = name.partition(" - ")
            name = name.strip()
            organisation = organisation or dashed.strip()
            if is_initials(first, name):
                aliases[first] = name
            said.insert(0, bracket)
        else:
            organisation = bracket
    if said and name:
        notes[name] = ", ".join(said)
    return organisation, name


def _grouped(
    text: str, notes: dict[str, str], aliases: dict[str, str]
) -> list[tuple[str, list[str]]]:
    """ "Joe Beda, Tim St. Clair [Heptio]", "Shane Carr - Google i18n (SFC), Moderator": people
    and the organisation written once after them; none when `text` is not so written."""
    for pattern in (DASHED_ORGANISATION, BRACKETED_ORGANISATION):
        found = pattern.match(text)
        if not found:
            continue
        names = split_names(found["names"])
        organisation = found["org"].strip()
        if not names or not all(NAME_WORDS.match(n) for n in names) or len(names) > 6:
            continue
        said = [organisation] if organisation.casefold() in ROLES else []
        organisation = "" if said else organisation
        extra = found.groupdict()
        said += [extra[k].strip() for k in ("initials", "role", "after") if extra.get(k, "")]
        if extra.get("initials") and len(names) == 1:
            for alias in re.split(r" ?(?:→|->) ?", extra["initials"]):
                aliases[alias] = names[0]
        for name in names:
            if said:
                notes[name] = ", ".join(s for s in said if s.strip(" !"))
        return [(organisation, [name]) for name in names]
    return []

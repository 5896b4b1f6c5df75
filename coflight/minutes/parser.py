"""Reads meeting minutes as people write them, into plain data; touches no database.

It knows the CompatibleOne reports (attendees by organisation, a numbered agenda with lettered
sub-items, `Action:` lines followed by `Owner:` lines) and the usual conventions of other minutes
(`ACTION: Ann to …`, `@Ann: …`, an "Action items" list, "Present:" lists, numbered headings).
Whatever it does not understand is returned, never dropped. Every pattern is anchored and free of
nested repetition, so the time taken grows with the length of the text and nothing else.
"""

import calendar
import dataclasses
import datetime
import re
import textwrap

from django.utils.translation import gettext as _

from coflight.dates import EARLIEST, LATEST

from . import conventions

MAX_BYTES = 5 * 1024 * 1024
MAX_LINE = 20_000


class MinutesError(ValueError):
    """The text cannot be read as minutes; the message says why, for the person importing."""


@dataclasses.dataclass
class Owner:
    name: str
    lead: bool = False
    acting_for: str = ""  # "(in replacement of …)" written after this owner's name


@dataclasses.dataclass
class ParsedAction:
    text: str
    owners: list[Owner]
    item: str | None  # the agenda number it sits under, "2d"
    after_paragraph: int | None
    acting_for: str = ""
    blank_owner_line: bool = False
    due_phrase: str = ""
    due_date: datetime.date | None = None
    due_meeting: "FollowUp | None" = None
    status: str = "open"
    closing_note: str = ""


@dataclasses.dataclass
class ParsedDecision:
    text: str
    item: str | None
    after_paragraph: int | None
    agreed_by: str = ""


@dataclasses.dataclass
class ParsedItem:
    number: str  # "2", or "2a" for a sub-item
    label: str  # "2", or "a"
    title: str
    presenters: list[str] = dataclasses.field(default_factory=list)
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    # "Material: Slides <https://…>" lines under the item: its own slides or documents.
    materials: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def parent_number(self) -> str | None:
        return self.number[: -len(self.label)] if self.number != self.label else None

    @property
    def minutes(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclasses.dataclass
class FollowUp:
    kind: str  # a Meeting.Kind value
    date: datetime.date
    title: str
    starts_at: datetime.time | None = None
    dial_in: str = ""
    series: str = ""

    @property
    def key(self) -> tuple[str, datetime.date]:
        return (self.kind, self.date)


@dataclasses.dataclass
class ParsedReport:
    source_text: str
    title: str = ""
    kind: str = "other"
    series: str = ""
    number: int | None = None
    date: datetime.date | None = None
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    venue: str = ""
    address: str = ""
    room: str = ""
    dial_in: str = ""
    summary: str = ""
    closing_text: str = ""
    source_dated: datetime.date | None = None
    attendees: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)
    # Those listed as not there: (presence, organisation, name), presence "excused" or "absent".
    absentees: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    projects: list[str] = dataclasses.field(default_factory=list)
    items: list[ParsedItem] = dataclasses.field(default_factory=list)
    actions: list[ParsedAction] = dataclasses.field(default_factory=list)
    decisions: list[ParsedDecision] = dataclasses.field(default_factory=list)
    follow_ups: list[FollowUp] = dataclasses.field(default_factory=list)
    next_meeting: FollowUp | None = None
    materials: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    not_understood: list[str] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)

    def item(self, number: str) -> ParsedItem | None:
        return next((i for i in self.items if i.number == number), None)


# --- reading bytes --------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of an uploaded file, and what the reader should know about how it was read."""
    if len(data) > MAX_BYTES:
        raise MinutesError(
            _("The text is too long (%(size).1f MB); coflight reads minutes of up to %(max)d MB.")
            % {"size": len(data) / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}
        )
    if b"\x00" in data[:65536]:
        raise MinutesError(
            _(
                "This is not a text file (it looks like a PDF, an image or a word-processor "
                "document). Save the minutes as plain text or Markdown and try again."
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1"
    return text, [
        _(
            "The file is not UTF-8; it was read as %(encoding)s. Check that accented letters "
            "came out right."
        )
        % {"encoding": encoding}
    ]


# --- small readers --------------------------------------------------------------------------

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS |= {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "sept": 9,
}  # fmt: skip
MONTH = r"(?P<month>[A-Za-zéû]{3,9})\.?"
DATE_PATTERNS = [
    # "2023-08-30", and "2023-08-30T14:00:00Z", the ISO date of a date and time.
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>\d{4})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)? {MONTH}(?:,? (?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?\b"),
]
TIME = r"\d{1,2}(?:[:h.]\d{2})? ?(?:[AaPp]\.?[Mm]\.?)?"
STRONG = re.compile(r"\*\*|__")
BULLET = re.compile(r"^\s*(?:- \[[ xX]\]|[•◦▪‣·]|[*+-](?=\s))\s*")  # "**Kind:**" is no bullet
LABEL = re.compile(r"^(?P<label>\d{1,2}|[A-Za-z])(?:[).]| -)\s+(?P<rest>\S.*)$")
HEADING_MARKS = re.compile(r"^#{1,6}\s+")
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri)"


def find_date(
    text: str, default_year: int | None = None
) -> tuple[datetime.date | None, bool, re.Match | None]:
    """The first date in `text`, whether its year was written, and where it was found."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else MONTHS.get(parts["month"].lower())
            if not month:
                continue
            year_written = bool(parts.get("year"))
            if year_written and not EARLIEST.year <= int(parts["year"]) <= LATEST.year:
                continue  # "31 December 9999" is a slip, not a date to put in calendars
            year = int(parts["year"]) if year_written else default_year
            if year is None:
                year = 1
            try:
                return datetime.date(year, month, int(parts["day"])), year_written, match
            except ValueError:
                continue
    return None, False, None


def parse_time(text: str) -> datetime.time | None:
    match = re.fullmatch(
        r"(?P<h>\d{1,2})(?:[:h.](?P<m>\d{2}))? ?(?:(?P<ap>[AaPp])\.?[Mm]\.?)?", text.strip()
    )
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ap"]:
        hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
HARD_BREAK = re.compile(r"\\$")


def unescape(line: str) -> str:
    """A Markdown line as its text: "1\\) Welcome" is "1) Welcome"; a hard line break
    (a backslash that ends the line) is just the end of the line."""
    return MARKDOWN_ESCAPE.sub(r"\1", HARD_BREAK.sub("", line))


def clean(line: str) -> str:
    """A line as its words: no-break spaces as spaces, no bullet, no Markdown strong emphasis
    ("**Owners:**", as coflight's own Markdown writes it), trimmed."""
    words = BULLET.sub("", line.replace("\u00a0", " ").replace("\t", " "))
    return STRONG.sub("", words).strip()


def split_names(text: str) -> list[str]:
    text = text.replace("\u00a0", " ")
    return [
        n.strip(" .") for n in re.split(r"\s*(?:,|&|;|\band\b|\bet\b)\s*", text) if n.strip(" .")
    ]


def kind_of(text: str) -> str:
    lowered = text.lower()
    if "workshop" in lowered:
        return "workshop"
    if "plenary" in lowered or "plénière" in lowered:
        return "plenary"
    if "weekly" in lowered or "call" in lowered or "conference" in lowered:
        return "weekly_call"
    return "other"


# --- the parser ---------------------------------------------------------------------------

ACTION_LINE = re.compile(r"^(?:ACTION|Action|action)(?: items?)?[ \u00a0]?:[ \u00a0]?(?P<text>.*)$")
OWNER_LINE = re.compile(r"^(?:Owners?|OWNERS?|Owner\(s\)|Responsible|Who) ?: ?(?P<names>.*)$")
# "@Ann: …", "@Ann, @Bob: …"; not "@mikeal [#1481](https://…)", a link's colon.
AT_ACTION = re.compile(
    r"^@(?P<names>[^:@\[\]()]{1,80}(?: ?[,&] ?@[^:@\[\]()]{1,80}){0,9}): ?(?P<text>\S.*)$"
)
DECISION_LINE = re.compile(
    r"^(?:DECISION|Decision|decision|DECIDED|Decided|RESOLVED|Resolved|RESOLUTION|Resolution"
    r"|AGREED|Agreed)[ \u00a0]?:[ \u00a0]?"
    r"(?P<text>\S.*)$"
)
ATTENDEE_SEPARATOR = re.compile(r"\s*[,;]\s*(?![^()\[\]]*[)\]])")
MARKDOWN_LINK = re.compile(r"\[([^\[\]]{1,200})\]\([^()\s]{0,500}\)")
COMINGS_AND_GOINGS = re.compile(
    r"\s*[(\[](?:left|joined|arrived|from|until|late)\b[^()\[\]]{0,40}[)\]]", re.I
)
DATE_KEY = re.compile(r"^(?:meeting )?dates?\s*:\s*(?P<value>\S.*)$", re.I)
MEETBOT_LOG = re.compile(r"[./](\d{4}-\d{2}-\d{2})-\d{2}\.\d{2}\.(?:log\.)?(?:html|txt)\b")
NOTHING_DECIDED = {"none", "n/a", "no", "nothing", "no resolution", "no decision"}
AGREED_BY_LINE = re.compile(r"^agreed by ?: ?(?P<who>\S.*)$", re.I)
# "All participants agreed on the relevance of this work." in a paragraph of minutes: the
# sentence stays in the minutes, and is also the meeting's decision, agreed by whom it says.
AGREED_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?] ))(?P<sentence>(?P<who>All (?:the )?(?:participants|members|attendees)"
    r"|Everyone|Everybody|The (?:meeting|group|committee|board|council|participants))"
    r" (?:agreed|decided|resolved|approved)\b[^.!?\n]*[.!?])"
)
NAME_TO_TASK = re.compile(
    r"^(?P<names>[A-ZÀ-Ý][\w'’.-]*(?: [A-ZÀ-Ý][\w'’.-]*)?(?: ?(?:,|&|and) ?[A-ZÀ-Ý][\w'’.-]*"
    r"(?: [A-ZÀ-Ý][\w'’.-]*)?){0,5}) to (?P<text>\S.*)$"
)
# "[devlin] Propose concrete naming": the owner's nick in brackets, as W3C scribes write it.
BRACKETED_NICK = re.compile(r"^\[(?P<nick>[\w.-]{1,30})\] (?P<text>\S.*)$")
NAME_COLON_TASK = re.compile(r"^(?P<names>[^:]{1,60}): ?(?P<text>\S.*)$")
PRESENT_HEADING = re.compile(
    r"^(?:#+ )?(?:present|attendees|attendance|participants|roll ?call|présents?)\b"
    r" ?:? ?(?P<rest>.*)$",
    re.I,
)
# "Regrets: …", "Excused", "Absent:", "Apologies" — people listed as not there.
ABSENT_HEADING = re.compile(
    r"^(?:#+ )?(?P<kind>absent|absentees|not present|regrets|apologies|excused|excusés?|absents?)"
    r"\b ?:? ?(?P<rest>.*)$",
    re.I,
)
EXCUSED_WORDS = {"regrets", "apologies", "excused", "excusé", "excusés"}
# "Action items", "5. Action Items", "V. Action items", "TODOs", "To-do".
ACTION_ITEMS_HEADING = re.compile(
    r"^(?:#+ )?(?:(?:\d{1,2}|[A-Za-z]|[IVXLC]{1,6})[.)] +)?"
    r"(?:action items?|actions items|todos?|to-?dos?)\s*:?$",
    re.I,
)
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+\S")
AGENDA_HEADING = re.compile(r"^(?:#+ )?(?:agenda|ordre du jour)\s*:?$", re.I)
PRESENT_SENTENCE = re.compile(r"\b(?:were|was) present\b|\bpresent\s*:?$", re.I)
PROJECTS = re.compile(
    r"^(?:(?:\w+) other )?projects? (?:were |was )?represented ?: ?(?P<names>.+)$", re.I
)
HELD = re.compile(r"\bhas been held on\b|\bwas held on\b|\btook place on\b", re.I)
ORDINAL_SERIES = re.compile(
    r"\bThe (?P<number>\d{1,3})(?:st|nd|rd|th) (?P<series>.+?) (?P<kind>workshop|meeting|plenary"
    r"|call)\b",
    re.I,
)
TIMES = re.compile(rf"\bfrom (?P<start>{TIME}) ?(?:til|till|until|to|-|–) ?(?P<end>{TIME})", re.I)
# "from 16:00" with no end: written with its minutes, so that "from 9 countries" is no time.
FROM_TIME = re.compile(r"\bfrom (?P<start>\d{1,2}[:h]\d{2})\b", re.I)
ROOM = re.compile(r"\((?:room|salle) (?P<room>[^)]{1,60})\)", re.I)
NEXT_MEETING = re.compile(
    r"^next (?P<kind>plenary |weekly |)(?:meeting|call|plenary) ?: ?(?P<when>.+)$", re.I
)
# "during the next plenary meeting (13 June)", "before the plenary meeting (13 June)".
DUE_MEETING = re.compile(
    r"\b(?:(?P<which>next|following) (?P<kind>weekly|plenary|monthly)? ?"
    r"|(?:before|by|at|for) the (?P<named>weekly|plenary|monthly) )(?:meeting|call|plenary)"
    r"(?: \((?P<when>[^)]{3,40})\))?",
    re.I,
)
DUE_DATE = re.compile(r"\b(?:by|before|due|until|d'ici le|avant le) (?P<when>[^,;()]{4,30})", re.I)
CALL_INTRO = re.compile(r"during (?P<title>[^:]{3,120}?) ?:$")
CALL_WHEN = re.compile(
    rf"^(?:{WEEKDAYS} )?(?P<date>\d{{1,2}} [A-Za-z]{{3,9}}|[A-Za-z]{{3,9}} \d{{1,2}})"
    rf"(?: \d{{4}})? at (?P<time>{TIME})",
    re.I,
)
# "+33 172 807 597", and what follows it inside the same brackets: "(+33 …, no code)".
PHONE = re.compile(r"(?P<number>\+?\d[\d .()-]{6,}\d)(?:,? (?P<note>[^()]{1,60}?))?(?=\)|$|,)")
DIAL_IN = re.compile(r"^(?:to dial in|dial[- ]in|phone|tel(?:ephone)?) ?: ?(?P<number>.+)$", re.I)
MATERIAL = re.compile(r"\b(?:slides|presentation|document|minutes)\b.*\bhere\b", re.I)
MATERIAL_LINE = re.compile(
    r"^(?:material|materials|slides|document) ?: ?(?P<title>[^\s].{0,298}?)"
    r"(?: <?(?P<url>https?://[^\s>]+)>?)?$",
    re.I,
)
FOLLOW_LINE = re.compile(r"^(?P<key>due|status|note|closing note) ?: ?(?P<value>.*)$", re.I)
STATUSES = {
    "open": "open", "in progress": "in_progress", "done": "done", "dropped": "dropped",
    "closed": "done", "cancelled": "dropped", "canceled": "dropped",
}  # fmt: skip
PRESENTED = re.compile(
    r"^(?:Then )?(?P<names>[A-ZÀ-Ý][^.]{0,120}?) (?:demoed and presented|presented|demoed)\b"
)


def owners_of(text: str) -> tuple[list[Owner], str]:
    """The owners of an owner line, each with the note written after their name; and a note
    that follows no name ("Owner: (in replacement of …)"), which is the action's."""
    notes: list[str] = []

    def set_aside(match: re.Match) -> str:
        if match[1].strip().lower() == "lead":
            return match[0]
        notes.append(match[1].strip())
        return f" \x00{len(notes) - 1}\x00 "

    # Set aside first, so that a note's own commas and "and"s split no names.
    text = re.sub(r"\(([^()]{1,200})\)", set_aside, text.replace("\u00a0", " "))
    owners, unattached = [], ""
    for name in split_names(text):
        held = [notes[int(n)] for n in re.findall(r"\x00(\d+)\x00", name)]
        name = re.sub(r"\s*\x00\d+\x00\s*", " ", name).strip()
        lead = bool(re.search(r"\(lead\)", name, re.I))
        name = re.sub(r"\s*\(lead\)", "", name, flags=re.I).strip()
        if name:
            owners.append(Owner(name, lead, "; ".join(held)))
        elif held:
            unattached = "; ".join(held)
    return owners, unattached


def parse(text: str) -> ParsedReport:
    """The report in `text`; raises MinutesError only when there is nothing to read in it."""
    if len(text) > MAX_BYTES:
        raise MinutesError(_("The text is too long; coflight reads minutes of up to 5 MB."))
    if not text.strip():
        raise MinutesError(_("The text is empty."))
    if sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f") > 8:
        raise MinutesError(_("This does not look like text: it is full of control characters."))
    report = ParsedReport(source_text=text)
    _Reader(report, text).read()
    # A date or a title not found is asked for in the preview (services.Question); minutes
    # without actions are minutes all the same: an agenda is a document worth keeping.
    return report


class _Reader:
    def __init__(self, report: ParsedReport, text: str) -> None:
        self.report = report
        raw = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [unescape(line[:MAX_LINE]).rstrip(" \t\u00a0") for line in raw.split("\n")]
        self.year: int | None = None
        self.current: ParsedItem | None = None
        self.current_top: ParsedItem | None = None
        self.paragraph: list[str] = []
        self.agenda_done = False
        self.in_action_items = False
        self.ended = False
        self.pending_call: FollowUp | None = None
        self.pending_call_title = ""
        # The attendees' first names, and how many attendee groups they were taken from.
        self._known: tuple[int, set[str]] = (0, set())
        # The indent of an "Action items" list's own bullets: deeper ones are notes on them.
        self.action_items_indent: int | None = None
        # "Action item for Mike/Christian:": its owners, and its line's indent.
        self.task_owners: tuple[list[str], int] | None = None
        # Lines under no agenda item: kept as the meeting's own text, in their order, before the
        # agenda (its summary) or after it (its closing text); each a list of paragraphs.
        self.opening: list[list[str]] = []
        self.closing: list[list[str]] = []

    # The header: title, date, place; then lists; then the minutes.
    def read(self) -> None:
        report = self.report
        self.year = self._first_year()
        index = self._read_front_matter()
        index = self._read_title(index)
        index = self._read_header(index)
        self._read_body(index)
        self._flush_paragraph()
        if report.date is None:
            # A meeting bot's minutes name their log after the meeting's day and hour.
            log = MEETBOT_LOG.search("\n".join(self.lines))
            if log:
                report.date = find_date(log[1])[0]
        opening = ["\n".join(lines) for lines in self.opening]
        report.summary = "\n\n".join(p for p in (report.summary, *opening) if p)
        report.closing_text = "\n\n".join("\n".join(lines) for lines in self.closing)
        self._settle_dues()
        if report.title == "" and report.items:
            report.title = report.items[0].title

    def _first_year(self) -> int | None:
        match = re.search(r"\b(19[7-9]\d|20\d\d)\b", "\n".join(self.lines[:40]))
        return int(match.group(1)) if match else None

    def _read_front_matter(self) -> int:
        """A Markdown file's front matter (`---`, `title: …`, `date: …`, `---`)."""
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for index, line in enumerate(self.lines[1:80], start=1):
            if line.strip() == "---":
                for entry in self.lines[1:index]:
                    key, _colon, value = entry.partition(":")
                    value = value.strip().strip("\"'")
                    if key.strip().lower() == "title" and value:
                        self.report.title = value[:300]
                        self.report.kind = kind_of(value)
                    elif key.strip().lower() == "date" and value:
                        self.report.date = find_date(value)[0] or self.report.date
                return index + 1
        return 0

    def _read_title(self, start: int = 0) -> int:
        if self.report.title:
            # Titled by its front matter: a heading that says the same again is that title.
            first = next((i for i in range(start, len(self.lines)) if self.lines[i].strip()), None)
            if first is None:
                return start
            same = HEADING_MARKS.sub("", clean(self.lines[first])) == self.report.title
            return first + 1 if same else start
        for index, line in enumerate(self.lines[start:], start=start):
            if line.strip():
                if BULLET.match(line) or ACTION_LINE.match(clean(line)):
                    return index  # the minutes begin at once: their title is to be asked
                title = HEADING_MARKS.sub("", clean(line))
                date, year_written, match = find_date(title, self.year)
                if match:
                    title = title[: match.start()].rstrip(" ,-–—:") or title
                    if date and (year_written or self.year):
                        self.report.date = date
                self.report.title = title.strip(" -–:")[:300]
                self.report.kind = kind_of(title)
                return index + 1
        return len(self.lines)

    def _read_header(self, index: int) -> int:
        """Lines before the first list, agenda or numbered item: dates, place, summary."""
        report = self.report
        summary: list[str] = []
        while index < len(self.lines):
            line = self.lines[index]
            text = clean(line)
            if not text:
                index += 1
                continue
            if self._starts_body(line, text):
                break
            key, _, value = text.partition(":")
            key = key.strip().lower()
            if key in {"date", "when", "le"} and value.strip():
                date, _w, _m = find_date(value, self.year)
                if date:
                    report.date = date
                    times = re.findall(TIME + r"(?=\s*(?:-|–|to|til|until|$))", value)
                    self._set_times(times)
            elif key in {"time", "heure", "horaire"} and value.strip():
                times = re.split(r"\s*(?:-|–|to|til|until)\s*", value.strip())
                self._set_times(times)
            elif key in {"venue", "location", "place", "lieu", "where"}:
                report.venue, _s, report.address = value.strip().partition(", ")
            elif key in {"kind", "type"} and value.strip():
                report.kind = kind_of(value)
            elif key in {"series", "série"} and value.strip():
                report.series = value.strip()
            elif key in {"room", "salle"}:
                report.room = value.strip()
            elif key in {"dial-in", "dial in", "phone", "call"}:
                report.dial_in = value.strip()
            elif HELD.search(text):
                self._read_held(text)
            elif self._is_only_a_date(text):
                report.source_dated = find_date(text, self.year)[0]
            elif self._starts_with_a_date(text):
                self._read_date_line(text)
            else:
                summary.append(line.strip())
            index += 1
        report.summary = "\n\n".join(summary)
        # A date standing alone is the meeting's, unless the report dates the meeting elsewhere.
        if report.source_dated and report.date in (None, report.source_dated):
            report.date, report.source_dated = report.source_dated, None
        return index

    @staticmethod
    def _starts_with_a_date(text: str) -> bool:
        """ "Thursday 6 June 2013, 16:00-17:00, by phone (…)": a line that opens with the date."""
        _date, year_written, match = find_date(text)
        if match is None or not year_written:
            return False
        before = text[: match.start()].strip(" ,")
        return before == "" or re.fullmatch(WEEKDAYS + r"\.?", before, re.I) is not None

    def _read_date_line(self, text: str) -> None:
        date, _w, match = find_date(text)
        assert match is not None
        self.report.date = date
        rest = text[match.end() :]
        times = re.search(
            rf"(?P<start>{TIME}) ?(?:-|–|to|til|till|until) ?(?P<end>{TIME})|\bat (?P<at>{TIME})",
            rest,
            re.I,
        )
        if times:
            self._set_times([t for t in (times["start"], times["end"], times["at"]) if t])
        phone = PHONE.search(rest)
        if phone:
            note = (phone["note"] or "").strip(" ,;")
            self.report.dial_in = phone["number"].strip() + (f" ({note})" if note else "")

    @staticmethod
    def _is_only_a_date(text: str) -> bool:
        _date, _year, match = find_date(text)
        return match is not None and len(text.strip(" .,")) - len(match.group(0)) <= 4

    def _set_times(self, times: list[str]) -> None:
        parsed = [parse_time(t) for t in times if t.strip()]
        parsed = [t for t in parsed if t]
        if parsed:
            self.report.starts_at = parsed[0]
        if len(parsed) > 1:
            self.report.ends_at = parsed[1]

    def _read_held(self, text: str) -> None:
        report = self.report
        series = ORDINAL_SERIES.search(text)
        if series:
            report.number = int(series["number"])
            report.series = series["series"].strip()
            report.kind = kind_of(series["kind"]) if report.kind == "other" else report.kind
        after_held = HELD.split(text, maxsplit=1)[-1]
        date, _w, _m = find_date(after_held, self.year)
        if date:
            report.date = date
        times = TIMES.search(after_held)
        rest = after_held
        if times:
            report.starts_at, report.ends_at = parse_time(times["start"]), parse_time(times["end"])
            rest = after_held[times.end() :]
        elif start := FROM_TIME.search(after_held):
            report.starts_at = parse_time(start["start"])
            rest = after_held[start.end() :]
        place = re.search(r"\bat (?P<place>.+?)(?:\.\s|\.$|$)", rest)
        if place:
            where = place["place"]
            room = ROOM.search(where)
            if room:
                report.room = room["room"].strip()
                where = where[: room.start()].strip()
            report.venue, _s, report.address = where.partition(", ")

    def _starts_body(self, line: str, text: str) -> bool:
        return bool(
            PRESENT_HEADING.match(text)
            or ABSENT_HEADING.match(text)
            or PRESENT_SENTENCE.search(text)
            or AGENDA_HEADING.match(text)
            or ACTION_ITEMS_HEADING.match(text)
            or ACTION_LINE.match(text)
            or AT_ACTION.match(text)
            or conventions.task_of(line, text, set()) is not None
            or PROJECTS.match(text)
            or (LABEL.match(HEADING_MARKS.sub("", text)) and not line.startswith(" "))
            or BULLET.match(line)
            or HEADING_MARKS.match(line)
        )

    # The body: lists, agenda, minutes, actions.
    def _read_body(self, index: int) -> None:
        lines = self.lines
        while index < len(lines):
            line = lines[index]
            text = clean(line)
            index += 1
            if not text:
                self._flush_paragraph()
                continue
            absent = ABSENT_HEADING.match(text)
            if absent and (absent["rest"] or not self.report.items):
                under = len(line) - len(line.lstrip()) if BULLET.match(line) else None
                presence = "excused" if absent["kind"].casefold() in EXCUSED_WORDS else "absent"
                listed: list[tuple[str, list[str]]] = []
                index = self._read_attendees(index, absent["rest"], under, into=listed)
                self.report.absentees += [
                    (presence, org, name) for org, names in listed for name in names
                ]
                continue
            present = PRESENT_HEADING.match(text)
            if present or (PRESENT_SENTENCE.search(text) and not self.report.items):
                # A heading that is itself a bullet ("* **Present**") holds the bullets
                # indented under it, not those beside it ("* **Absent**", "* **Topics**").
                under = len(line) - len(line.lstrip()) if BULLET.match(line) else None
                index = self._read_attendees(index, present["rest"] if present else "", under)
                continue
            projects = PROJECTS.match(text)
            if projects:
                self.report.projects = split_names(projects["names"])
                continue
            if AGENDA_HEADING.match(text):
                self.in_action_items = False
                index = self._read_agenda(index)
                continue
            if ACTION_ITEMS_HEADING.match(text):
                self._flush_paragraph()
                self.in_action_items = True
                self.action_items_indent = None
                self.current = self.current_top = None
                continue
            if HEADING_MARKS.match(line):
                self.in_action_items = False
            material = MATERIAL_LINE.match(text)
            if material:
                title, url = material["title"].strip(), material["url"] or ""
                held = self.current.materials if self.current else self.report.materials
                held.append((title, url))
                continue
            next_meeting = NEXT_MEETING.match(text)
            if next_meeting:
                self._read_next_meeting(next_meeting)
                continue
            if BULLET.match(line) and LABEL.match(text) and not self.agenda_done:
                index = self._read_agenda(index - 1)
                continue
            action = ACTION_LINE.match(text)
            if action and not self.in_action_items:
                as_written = ACTION_LINE.match(BULLET.sub("", line).strip(" \u00a0"))
                index = self._read_action((as_written or action)["text"], index)
                continue
            decision = DECISION_LINE.match(text)
            if decision and decision["text"].strip(" !.").casefold() in NOTHING_DECIDED:
                decision = None  # "Resolution: None!": kept as the text it is
            if decision:
                index = self._read_decision(decision["text"], index)
                continue
            at_action = AT_ACTION.match(text)
            if at_action:
                names = [n.strip(" @") for n in re.split(r"[,&]", at_action["names"])]
                self._add_action(at_action["text"], [Owner(n) for n in names if n])
                continue
            if self._read_task(line, text):
                continue
            dated = DATE_KEY.match(text)
            if dated and self.report.date is None:
                # "* Date: 2023-08-30T14:00:00Z", "- **Meeting Date**: August 6, 2024", in a list.
                day, _w, _m = find_date(dated["value"], self.year)
                if day:
                    self.report.date = day
                    continue
            if self.in_action_items and NUMBERED.match(line):
                numbered = LABEL.match(text)
                self._read_action_item(numbered["rest"] if numbered else text)
                continue
            if self.in_action_items and BULLET.match(line):
                indent = len(line) - len(line.lstrip())
                if self.action_items_indent is None:
                    self.action_items_indent = indent
                if indent <= self.action_items_indent:
                    self._read_action_item(text)
                else:
                    # A status note under the action above, not an action of its own.
                    self._read_minutes_line(line, text, index)
                continue
            heading = self._heading(line, text)
            if heading:
                self._open_item(*heading, raw=line)
                continue
            self.in_action_items = False
            self._read_minutes_line(line, text, index)

    def _keep(self, line: str, index: int) -> None:
        """Line `index` - 1, no structure: text of the meeting, as written, in the paragraphs
        the minutes make."""
        held = self.closing if self.report.items or self.ended else self.opening
        if held and index >= 2 and self.lines[index - 2].strip():
            held[-1].append(line.strip())
        else:
            held.append([line.strip()])

    def _read_attendees(
        self,
        index: int,
        inline: str,
        under: int | None = None,
        into: list[tuple[str, list[str]]] | None = None,
    ) -> int:
        listed = self.report.attendees if into is None else into
        if inline:
            listed.extend(self._attendee_groups(inline))
        while index < len(self.lines):
            line = self.lines[index]
            text = clean(line)
            if not text:
                if listed:
                    return index + 1
                index += 1
                continue
            if not BULLET.match(line) and not line.startswith(" "):
                return index
            if under is not None and len(line) - len(line.lstrip()) <= under:
                return index
            listed.extend(self._attendee_groups(text))
            index += 1
        return index

    def _attendee_groups(self, text: str) -> list[tuple[str, list[str]]]:
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
                groups.append((match["org"].strip(), [match["name"].strip()]))
            elif entry.strip():
                groups.append(("", [entry.strip()]))
        return groups

    def _read_agenda(self, index: int) -> int:
        """A numbered list, with lettered sub-items: "1) Title, Presenter"."""
        parent: ParsedItem | None = None
        while index < len(self.lines):
            line = self.lines[index]
            text = HEADING_MARKS.sub("", clean(line))
            if not text:
                if self.report.items:
                    break
                index += 1
                continue
            label = LABEL.match(text)
            if not label or not (BULLET.match(line) or line.startswith(" ")):
                break
            number = label["label"]
            if number.isalpha() and parent:
                item = ParsedItem(parent.number + number.lower(), number.lower(), label["rest"])
            else:
                item = ParsedItem(number, number, label["rest"])
                parent = item
            self._split_presenters(item)
            self.report.items.append(item)
            index += 1
        self.agenda_done = True
        return index

    def _split_presenters(self, item: ParsedItem) -> None:
        """ "Title: Ann & Bob" or "Title, Ann": the tail is presenters only if it names people."""
        attendees = {n.split()[0] for _, names in self.report.attendees for n in names if n}
        for separator in (": ", ", "):
            title, found, tail = item.title.rpartition(separator)
            if not found:
                continue
            names = split_names(tail)
            if names and all(n.split()[0] in attendees for n in names if n.split()):
                item.title, item.presenters = title.strip(), names
                return

    def _heading(self, line: str, text: str) -> tuple[str, str, str | None] | None:
        """A numbered heading in the minutes: ("2", "Title", None) or ("a", "…", "2")."""
        text = HEADING_MARKS.sub("", text)
        label = LABEL.match(text)
        if not label or (BULLET.match(line) and not HEADING_MARKS.match(line)):
            return None
        number, rest = label["label"], label["rest"]
        if number.isdigit():
            return number, rest, None
        if self.current_top is not None:
            return number.lower(), rest, self.current_top.number
        if HEADING_MARKS.match(line) or len(rest) <= 80:
            return number.upper(), rest, None
        return None

    def _open_item(self, label: str, rest: str, parent: str | None, raw: str = "") -> None:
        self._flush_paragraph()
        self.in_action_items = False
        number = f"{parent}{label}" if parent else label
        item = self.report.item(number)
        sentence = False
        if item is None:
            long_text = len(rest) > 80 or rest.rstrip().endswith(".")
            title = rest if not long_text else rest.split(".")[0][:80]
            item = ParsedItem(number, label, title.strip())
            if parent is None:
                self.report.items.append(item)
            else:
                siblings = [i for i in self.report.items if i.number.startswith(parent)]
                position = self.report.items.index(siblings[-1]) + 1
                self.report.items.insert(position, item)
            sentence = long_text
        elif parent is not None:
            # "a) James presented …" opens the sub-item's minutes; "a) Its title" only heads it.
            sentence = rest.strip() != item.title
        self.current = item
        if parent is None:
            self.current_top = item
        if sentence:
            # The sentence as written, no-break spaces and all, without its label.
            raw_label = LABEL.match(HEADING_MARKS.sub("", raw.strip(" \u00a0")))
            self.paragraph.append(raw_label["rest"] if raw_label else rest)

    def _read_minutes_line(self, line: str, text: str, index: int) -> None:
        if self.current is None:
            if MATERIAL.search(text):
                self.report.materials.append((text, ""))
            else:
                self._keep(line, index)
            return
        call = CALL_INTRO.search(text)
        if call:
            self.pending_call_title = call["title"].strip()
        when = CALL_WHEN.match(text)
        if when and self.pending_call_title:
            date, _w, _m = find_date(when["date"], self._year_for_follow_ups())
            if date:
                self.pending_call = self._follow_up(
                    kind_of(self.pending_call_title) or "weekly_call",
                    date,
                    self.pending_call_title,
                )
                self.pending_call.starts_at = parse_time(when["time"])
        dial = DIAL_IN.match(text)
        if dial and self.pending_call:
            self.pending_call.dial_in = dial["number"].strip()
        self.paragraph.append(line)

    def _flush_paragraph(self) -> None:
        if self.paragraph and self.current is not None:
            paragraph = textwrap.dedent("\n".join(self.paragraph)).strip("\n")
            self.current.paragraphs.append(paragraph)
            for agreed in AGREED_SENTENCE.finditer(" ".join(paragraph.split())):
                self.report.decisions.append(
                    ParsedDecision(
                        text=agreed["sentence"],
                        item=self.current.number,
                        after_paragraph=len(self.current.paragraphs),
                        agreed_by=agreed["who"],
                    )
                )
            if not self.current.presenters and self.current.parent_number is None:
                presented = PRESENTED.match(paragraph)
                attendees = {n for _, names in self.report.attendees for n in names}
                if presented:
                    names = split_names(presented["names"])
                    if names and all(n in attendees for n in names):
                        self.current.presenters = names
        self.paragraph = []

    def _read_action(self, text: str, index: int) -> int:
        self._flush_paragraph()
        following = index
        wrapped: list[str] = []
        # Text copied from a page may wrap an action over a few lines before its owner line.
        while following < len(self.lines) and len(wrapped) <= 3:
            candidate = clean(self.lines[following])
            if candidate and (OWNER_LINE.match(candidate) or self._is_structure(candidate)):
                break
            if candidate:
                wrapped.append(self.lines[following].strip(" \u00a0"))
            following += 1
        owner_line = (
            OWNER_LINE.match(clean(self.lines[following])) if following < len(self.lines) else None
        )
        if owner_line and wrapped:
            text = " ".join([text.rstrip(), *wrapped])
        elif not owner_line:
            following = index
            while following < len(self.lines) and not clean(self.lines[following]):
                following += 1
            owner_line = (
                OWNER_LINE.match(clean(self.lines[following]))
                if following < len(self.lines)
                else None
            )
        if owner_line:
            owners, acting_for = self._owners(owner_line["names"])
            action = self._add_action(text, owners)
            action.acting_for = acting_for
            action.blank_owner_line = not owners
            return self._read_action_details(action, following + 1)
        task = NAME_TO_TASK.match(clean(text))
        if task:
            self._add_action(task["text"], [Owner(n) for n in split_names(task["names"])])
        else:
            self._add_action(text, [])
        return index

    def _read_decision(self, text: str, index: int) -> int:
        """ "Decision: …", and the "Agreed by: …" line under it, as coflight exports them."""
        self._flush_paragraph()
        current = self.current
        decision = ParsedDecision(
            text=" ".join(text.split()),
            item=current.number if current else None,
            after_paragraph=len(current.paragraphs) if current else None,
        )
        # coflight's Markdown repeats under its paragraph a decision the paragraph states.
        stated = [
            d for d in self.report.decisions if (d.text, d.item) == (decision.text, decision.item)
        ]
        if stated:
            decision = stated[0]
        else:
            self.report.decisions.append(decision)
            # "Resolution: Oliver to create a proposal.": decided, and Oliver's to do.
            task = NAME_TO_TASK.match(decision.text)
            if task:
                owners = [Owner(n) for n in split_names(task["names"])]
                self._add_action(task["text"], owners)
        following = index
        while following < len(self.lines) and not clean(self.lines[following]):
            following += 1
        agreed = (
            AGREED_BY_LINE.match(clean(self.lines[following]))
            if following < len(self.lines)
            else None
        )
        if agreed:
            decision.agreed_by = agreed["who"].strip()
            return following + 1
        return index

    def _read_action_details(self, action: ParsedAction, index: int) -> int:
        """ "Due:", "Status:" and "Note:" lines under an owner line, as coflight exports them."""
        while index < len(self.lines):
            detail = FOLLOW_LINE.match(clean(self.lines[index]))
            if not detail:
                break
            key, value = detail["key"].lower(), detail["value"].strip()
            if key == "due":
                action.due_phrase = value
            elif key == "status" and value.lower() in STATUSES:
                action.status = STATUSES[value.lower()]
            elif key in ("note", "closing note"):
                action.closing_note = value
            index += 1
        return index

    def _is_structure(self, text: str) -> bool:
        return bool(
            ACTION_LINE.match(text)
            or DECISION_LINE.match(text)
            or AT_ACTION.match(text)
            or LABEL.match(HEADING_MARKS.sub("", text))
            or NEXT_MEETING.match(text)
            or ACTION_ITEMS_HEADING.match(text)
        )

    def _read_task(self, line: str, text: str) -> bool:
        """A task as other communities mark it (conventions.py); whether `line` was one."""
        indent = len(line) - len(line.lstrip())
        if self.task_owners is not None:
            owners, under = self.task_owners
            if indent > under and BULLET.match(line):
                self._add_action(text, [Owner(n) for n in owners])
                return True
            self.task_owners = None
        heading = conventions.owners_heading(text)
        if heading is not None:
            self._flush_paragraph()
            self.task_owners = (heading, indent)
            return True
        task = conventions.task_of(line, text, self._known_names())
        if task is None:
            return False
        self._flush_paragraph()
        action = self._add_action(task.text, [Owner(n) for n in task.owners])
        if task.done:
            action.status = "done"
        return True

    def _known_names(self) -> set[str]:
        """The attendees' first names, casefolded: built again only when the list grows, not
        for every line of the minutes."""
        if self._known[0] != len(self.report.attendees):
            names = {
                n.split()[0].casefold() for _o, ns in self.report.attendees for n in ns if n.strip()
            }
            self._known = (len(self.report.attendees), names)
        return self._known[1]

    def _read_action_item(self, text: str) -> None:
        nick = BRACKETED_NICK.match(text)
        if nick:
            self._add_action(nick["text"], [Owner(nick["nick"])])
            return
        item = NAME_COLON_TASK.match(text)
        task = NAME_TO_TASK.match(text)
        if item and len(split_names(item["names"])) <= 6:
            owners, acting_for = self._owners(item["names"])
            self._add_action(item["text"], owners).acting_for = acting_for
        elif task:
            self._add_action(task["text"], [Owner(n) for n in split_names(task["names"])])
        else:
            self._add_action(text, [])

    def _owners(self, text: str) -> tuple[list[Owner], str]:
        return owners_of(text)

    def _add_action(self, text: str, owners: list[Owner]) -> ParsedAction:
        current = self.current
        # One line of words: no-break spaces and runs of spaces become one space, and "Ann to
        # draft the roadmap" becomes the action "Draft the roadmap".
        text = " ".join(text.split())
        action = ParsedAction(
            text=text[:1].upper() + text[1:],
            owners=owners,
            item=current.number if current else None,
            after_paragraph=len(current.paragraphs) if current else None,
        )
        self.report.actions.append(action)
        return action

    def _read_next_meeting(self, match: re.Match) -> None:
        self._flush_paragraph()
        date, _w, _m = find_date(match["when"], self._year_for_follow_ups())
        if date:
            kind = kind_of(match["kind"]) if match["kind"] else "other"
            title = (match["kind"].strip().capitalize() + " meeting") if match["kind"] else ""
            self.report.next_meeting = self._follow_up(kind, date, title or _("Next meeting"))
        # What follows is under no item: closing words, a signature, or (in minutes that say
        # when they meet next at the top) the actions themselves.
        self.ended = True
        self.current = self.current_top = None

    def _year_for_follow_ups(self) -> int | None:
        return self.report.date.year if self.report.date else self.year

    def _follow_up(self, kind: str, date: datetime.date, title: str) -> FollowUp:
        if self.report.date and date < self.report.date and date.year == self.report.date.year:
            date = date.replace(year=date.year + 1)
        for existing in self.report.follow_ups:
            if existing.key == (kind, date):
                return existing
        follow_up = FollowUp(kind, date, title)
        self.report.follow_ups.append(follow_up)
        return follow_up

    def _settle_dues(self) -> None:
        """Places due phrases ("next plenary meeting (13 June)") on meetings or dates."""
        report = self.report
        weekly_series = next((f.title for f in report.follow_ups if f.starts_at), "")
        for action in report.actions:
            written = action.due_phrase or action.text
            due = DUE_MEETING.search(written)
            if due:
                action.due_phrase = due.group(0)
                kind = {"weekly": "weekly_call", "plenary": "plenary"}.get(
                    (due["kind"] or due["named"] or "").lower(), "other"
                )
                date = None
                if due["when"]:
                    date, _w, _m = find_date(due["when"], self._year_for_follow_ups())
                elif report.next_meeting and report.next_meeting.kind == kind:
                    date = report.next_meeting.date
                if date:
                    title = {"weekly_call": "Weekly meeting", "plenary": "Plenary meeting"}.get(
                        kind, "Meeting"
                    )
                    action.due_meeting = self._follow_up(kind, date, title)
                continue
            if action.due_phrase:
                date, _w, _m = find_date(action.due_phrase, self._year_for_follow_ups())
                action.due_date = date
                continue
            by = DUE_DATE.search(action.text)
            if by:
                date, year_written, _m = find_date(by["when"], self._year_for_follow_ups())
                if date:
                    action.due_phrase = by.group(0)
                    action.due_date = date
        for follow_up in report.follow_ups:
            if follow_up.kind == "weekly_call" and weekly_series:
                follow_up.series = weekly_series
        if report.next_meeting and report.next_meeting not in report.follow_ups:
            report.follow_ups.append(report.next_meeting)

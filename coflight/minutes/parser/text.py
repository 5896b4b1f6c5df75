"""Small readers every convention uses: bytes to text, dates, times, names, a line's words."""

import calendar
import datetime
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

from coflight.dates import EARLIEST, LATEST

from .model import MAX_BYTES, MinutesError, Owner


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


# The short forms English names are called by, casefolded; only those no word of the minutes
# is spelt as ("will", "bill", "pat", "sue" are left out).
NICKNAMES = {
    "david": ("dave",), "michael": ("mike",), "robert": ("bob", "bobby"), "james": ("jim",),
    "thomas": ("tom",), "christopher": ("chris",), "christian": ("chris",),
    "matthew": ("matt",), "nicholas": ("nick",), "alexander": ("alex",), "alexandra": ("alex",),
    "benjamin": ("ben",), "daniel": ("dan",), "joseph": ("joe",), "richard": ("rick", "rich"),
    "stephen": ("steve",), "steven": ("steve",), "timothy": ("tim",), "anthony": ("tony",),
    "edward": ("ed", "ted"), "samuel": ("sam",), "andrew": ("andy",), "jonathan": ("jon",),
    "katherine": ("kate", "kathy"), "catherine": ("cathy",), "elizabeth": ("liz", "beth"),
    "jennifer": ("jen", "jenn"), "margaret": ("maggie",), "rebecca": ("becky",),
    "gregory": ("greg",), "jeffrey": ("jeff",), "kenneth": ("ken",), "douglas": ("doug",),
    "frederick": ("fred",), "charles": ("charlie",), "philip": ("phil",), "phillip": ("phil",),
}  # fmt: skip

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS |= {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "sept": 9,
    # « 26 avr. 2013 »: the French short forms no English month is written as.
    "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "avr": 4, "juil": 7, "déc": 12,
}  # fmt: skip
MONTH = r"(?P<month>[A-Za-zéû]{3,9})\.?"
DATE_PATTERNS = [
    # "2023-08-30", and "2023-08-30T14:00:00Z", the ISO date of a date and time.
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>\d{4})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)? {MONTH}(?:,? (?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?\b"),
]
# "9:00AM", "16:00", and as French writes them, « 9h30 », « 9 h 00 », « 17 h ».
TIME = r"\d{1,2}(?:[:h.]\d{2}|[ \u00a0]h[ \u00a0]?\d{2}|[ \u00a0]?h(?!\w))? ?(?:[AaPp]\.?[Mm]\.?)?"
STRONG = re.compile(r"\*\*|__")
BULLET = re.compile(r"^\s*(?:- \[[ xX]\]|[•◦▪‣·]|[*+-](?=\s))\s*")  # "**Kind:**" is no bullet
LABEL = re.compile(r"^(?P<label>\d{1,2}|[A-Za-z])(?:[).]| -)\s+(?P<rest>\S.*)$")
HEADING_MARKS = re.compile(r"^#{1,6}\s+")
WEEKDAYS = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
)


# "14-15 January 2019", "January 14-15, 2019", "14 and 15 May": the days of one month.
DAY_RANGES = [
    re.compile(
        rf"\b(?P<first>\d{{1,2}})(?:st|nd|rd|th)? ?(?:-|–|—|to|and|&) ?(?P<day>\d{{1,2}})"
        rf"(?:st|nd|rd|th)? {MONTH}(?:,? (?P<year>\d{{4}}))?\b"
    ),
    re.compile(
        rf"\b{MONTH} (?P<first>\d{{1,2}})(?:st|nd|rd|th)? ?(?:-|–|—|to|and|&) ?(?P<day>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?\b"
    ),
]
# Between two dates of a range written out in full: "30 December 2019 – 2 January 2020".
RANGE_DASH = re.compile(r"\s*(?:-|–|—|to|until)\s*")
# A meeting over more days than this is no meeting but a season: its dates are read singly.
LONGEST_MEETING = 14


class Days(NamedTuple):
    first: datetime.date
    last: datetime.date
    start: int  # where in the text the range begins


def find_range(text: str, default_year: int | None = None) -> Days | None:
    """The first and last days of the first range of days in `text`, if it holds one."""
    for pattern in DAY_RANGES:
        for match in pattern.finditer(text):
            month = MONTHS.get(match["month"].lower())
            year = int(match["year"]) if match["year"] else default_year
            if not month or year is None or not EARLIEST.year <= year <= LATEST.year:
                continue
            try:
                last = datetime.date(year, month, int(match["day"]))
            except ValueError:
                continue
            days = _range(last.replace(day=1), int(match["first"]), last, match.start())
            if days:
                return days
    return _written_out(text, default_year)


NO_DATE: tuple[datetime.date | None, bool, re.Match | None] = (None, False, None)


def _written_out(text: str, default_year: int | None) -> Days | None:
    """ "30 December 2019 – 2 January 2020": two dates with only a dash between them. Each
    date of the text is found once, so a long line of dates is read in linear time."""
    found: dict[int, tuple[datetime.date, re.Match]] = {}
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _date_of(match, default_year)
            if date is not None and match.start() not in found:
                found[match.start()] = (date, match)
    for start in sorted(found):
        first, match = found[start]
        dash = RANGE_DASH.match(text, match.end())
        then = found.get(dash.end()) if dash else None
        if then is not None:
            last = then[0]
            if last.year == 1 and first.year != 1:
                last = last.replace(year=first.year)
            return _range(first, first.day, last, start)
    return None


def _range(month: datetime.date, first_day: int, last: datetime.date, start: int) -> Days | None:
    try:
        first = month.replace(day=first_day)
    except ValueError:
        return None
    if not first < last or (last - first).days > LONGEST_MEETING:
        return None
    return Days(first, last, start)


def find_date(
    text: str, default_year: int | None = None
) -> tuple[datetime.date | None, bool, re.Match | None]:
    """The first date in `text`, whether its year was written, and where it was found."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _date_of(match, default_year)
            if date is not None:
                return date, bool(match.groupdict().get("year")), match
    return None, False, None


def _date_of(match: re.Match, default_year: int | None) -> datetime.date | None:
    """The day a match of DATE_PATTERNS names (year 1 when neither it nor the text says)."""
    parts = match.groupdict()
    month = int(parts["mon"]) if parts.get("mon") else MONTHS.get(parts["month"].lower())
    if not month:
        return None
    year_written = bool(parts.get("year"))
    if year_written and not EARLIEST.year <= int(parts["year"]) <= LATEST.year:
        return None  # "31 December 9999" is a slip, not a date to put in calendars
    year = int(parts["year"]) if year_written else default_year
    try:
        return datetime.date(year or 1, month, int(parts["day"]))
    except ValueError:
        return None


def parse_time(text: str) -> datetime.time | None:
    # "4:00PM", "16:00"; « 16h00 », « 16 h 00 », « 16 h ».
    match = re.fullmatch(
        r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})| ?h ?(?P<french>\d{2})?)? ?"
        r"(?:(?P<ap>[AaPp])\.?[Mm]\.?)?",
        text.replace("\u00a0", " ").strip(),
    )
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or match["french"] or 0)
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
    if "workshop" in lowered or "atelier" in lowered:
        return "workshop"
    if "plenary" in lowered or "plénière" in lowered:
        return "plenary"
    if "weekly" in lowered or "call" in lowered or "conference" in lowered:
        return "weekly_call"
    # « Conférence téléphonique hebdomadaire », « réunion hebdomadaire ».
    if any(word in lowered for word in ("hebdomadaire", "téléphonique", "conférence")):
        return "weekly_call"
    return "other"


# "Jean-Pierre (lead)", « Jean-Pierre (pilote) »: the owner who leads.
LEAD_WORDS = {"lead", "pilote"}
LEAD = re.compile(r"\s*\((?:lead|pilote)\)", re.I)


def owners_of(text: str) -> tuple[list[Owner], str]:
    """The owners of an owner line, each with the note written after their name; and a note
    that follows no name ("Owner: (in replacement of …)"), which is the action's."""
    notes: list[str] = []

    def set_aside(match: re.Match) -> str:
        if match[1].strip().lower() in LEAD_WORDS:
            return match[0]
        notes.append(match[1].strip())
        return f" \x00{len(notes) - 1}\x00 "

    # Set aside first, so that a note's own commas and "and"s split no names.
    text = re.sub(r"\(([^()]{1,200})\)", set_aside, text.replace("\u00a0", " "))
    owners, unattached = [], ""
    for name in split_names(text):
        held = [notes[int(n)] for n in re.findall(r"\x00(\d+)\x00", name)]
        name = re.sub(r"\s*\x00\d+\x00\s*", " ", name).strip()
        lead = bool(LEAD.search(name))
        name = LEAD.sub("", name).strip()
        if name:
            owners.append(Owner(name, lead, "; ".join(held)))
        elif held:
            unattached = "; ".join(held)
    return owners, unattached

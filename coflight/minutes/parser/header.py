"""The head of the minutes, before the first list or agenda: the title; the date, times, place
and dial-in, in "Date:" keys, front matter, "… was held on …" sentences or a dated line; and the
words that introduce the meeting, kept as its summary."""

import re
from typing import TYPE_CHECKING

from . import action_lines
from .action_lines import AT_ACTION
from .attendees import ABSENT_HEADING, PRESENT_HEADING, PRESENT_SENTENCE, PROJECTS
from .model import ParsedReport, Role
from .report_style import ACTION_LINE
from .sections import ACTION_ITEMS_HEADING, AGENDA_HEADING, MINUTES_HEADING
from .text import (
    BULLET,
    HEADING_MARKS,
    LABEL,
    TIME,
    WEEKDAYS,
    clean,
    find_date,
    find_range,
    kind_of,
    parse_time,
    split_names,
)

ATTENDEE_KEYS = {"attendees", "participants", "present", "attendance"}

if TYPE_CHECKING:
    from .reader import Reader

DATE_KEY = re.compile(r"^(?:meeting )?dates?\s*:\s*(?P<value>\S.*)$", re.I)
HELD = re.compile(r"\bhas been held on\b|\bwas held on\b|\btook place on\b", re.I)
# « Le 3e atelier … s’est tenu le jeudi 16 mai, de 9 h 00 à 17 h 30, à l’Institut Telecom ».
FRENCH_HELD = re.compile(
    r"\bs[’']est (?:tenue?s?|déroulée?s?)(?: le)?\b|\ba eu lieu(?: le)?\b|\bse tiendra(?: le)?\b",
    re.I,
)
# "The 3rd CompatibleOne 2013 & Beyond Workshop has been held …"; "… Weekly call …" and
# "… Other has been held …", as coflight's Markdown names those kinds.
ORDINAL_SERIES = re.compile(
    r"\bThe (?P<number>\d{1,3})(?:st|nd|rd|th) (?P<series>.+?) (?P<kind>weekly call|workshop"
    r"|meeting|plenary|call|other(?= has been held))\b",
    re.I,
)
# « Le 3e atelier CompatibleOne 2013 & Beyond s’est tenu … », « La 1ʳᵉ réunion plénière X s’est
# tenue … »: the kind, with its qualifier, comes before the series.
FRENCH_ORDINAL_SERIES = re.compile(
    r"\b(?:Le |La |L[’'] ?)(?P<number>\d{1,3})(?:ᵉʳ|ʳᵉ|ᵉ|e|è|ème|eme|er|re|ère) (?P<kind>atelier"
    r"|réunion(?: plénière| hebdomadaire)?|plénière|conférence(?: téléphonique)?"
    r"(?: hebdomadaire)?|séance(?: plénière)?|rencontre) (?P<series>.+?) "
    r"(?=s[’']est\b|a eu lieu\b|se tiendra\b)",
    re.I,
)
TIMES = re.compile(rf"\bfrom (?P<start>{TIME}) ?(?:til|till|until|to|-|–) ?(?P<end>{TIME})", re.I)
# "from 16:00" with no end: written with its minutes, so that "from 9 countries" is no time.
FROM_TIME = re.compile(r"\bfrom (?P<start>\d{1,2}[:h]\d{2})\b", re.I)
# « de 9 h 00 à 17 h 30 », « entre 14 h et 16 h », « 9 h 00 – 17 h 30 ».
FRENCH_TIMES = re.compile(
    rf"(?:\b(?:de|entre) (?P<start>{TIME}) ?(?:à|et|-|–) ?(?P<end>{TIME})"
    rf"|(?<![\d/.:-])(?P<from>\d{{1,2}} ?h ?\d{{0,2}}) ?[-–] ?(?P<to>\d{{1,2}} ?h(?: ?\d{{2}})?))",
    re.I,
)
# « à 16 h 00 », « à partir de 9 h 00 » (a start with no end, as coflight writes it), after a date.
FRENCH_AT = re.compile(r"\bà (?:partir de )?(?P<at>\d{1,2}(?:[:h.]\d{2}| h ?\d{2}| ?h(?!\w)))")
# « à l’Institut Telecom, 46, rue Barrault - 75013 Paris (salle F900). »
FRENCH_PLACE = re.compile(
    r"\b(?:à|au|dans les locaux de) (?:l[’'](?=\w))?(?P<place>.+?)(?:\.\s|\.$|$)"
)
# « Compte rendu de l’atelier … », « Compte rendu : … »: the minutes' word, not the meeting's.
MINUTES_TITLE = re.compile(
    r"^compte[ -]rendu(?: (?:de la|du|des|de l[’']|de|d[’'])|\s*[:–—-])\s*(?P<title>\S.*)$",
    re.I,
)
# « Réunion du bureau du 16 mai 2013 »: the word that leads to the date is no part of the title.
BEFORE_A_DATE = re.compile(r"\s+(?:du|le|en date du)$", re.I)
DIAL_IN_KEYS = {
    "dial-in", "dial in", "phone", "call", "téléphone", "tél", "pour appeler",
    "numéro d’appel", "numéro d'appel",
}  # fmt: skip
ROOM = re.compile(r"\((?:room|salle) (?P<room>[^)]{1,60})\)", re.I)
# "+33 172 807 597", and what follows it inside the same brackets: "(+33 …, no code)".
PHONE = re.compile(r"(?P<number>\+?\d[\d .()-]{6,}\d)(?:,? (?P<note>[^()]{1,60}?))?(?=\)|$|,)")


def read_date_key(reader: "Reader", line: str, text: str, index: int) -> int | None:
    """ "* Date: 2023-08-30T14:00:00Z", "- **Meeting Date**: August 6, 2024", in a list."""
    dated = DATE_KEY.match(text)
    if not dated or reader.report.date is not None:
        return None
    day, _w, _m = find_date(dated["value"], reader.year)
    if not day:
        return None
    reader.report.date = day
    return index


def first_year(reader: "Reader") -> int | None:
    match = re.search(r"\b(19[7-9]\d|20\d\d)\b", "\n".join(reader.lines[:40]))
    return int(match.group(1)) if match else None


def read_front_matter(reader: "Reader") -> int:
    """A Markdown file's front matter (`---`, `title: …`, `date: …`, `---`)."""
    if not reader.lines or reader.lines[0].strip() != "---":
        return 0
    for index, line in enumerate(reader.lines[1:80], start=1):
        if line.strip() == "---":
            read_front_matter_entries(reader, 1, index)
            return index + 1
    return 0


def read_front_matter_entries(reader: "Reader", start: int, end: int) -> None:
    """ "title:", "date:", and "attendees:" with its "- Ann" lines; any other entry ("layout:
    contact") is kept as text."""
    report = reader.report
    listing: list[str] | None = None
    for index in range(start, end):
        entry = reader.lines[index]
        item = re.match(r"^\s*-\s+(?P<value>\S.*)$", entry)
        if item and listing is not None:
            listing.append(item["value"].strip("\"'"))
            continue
        listing = None
        key, _colon, value = entry.partition(":")
        key, value = key.strip().lower(), value.strip().strip("\"'")
        if key == "title" and value:
            report.title = value[:300]
            report.kind = kind_of(value)
        elif key == "date" and value and find_date(value)[0]:
            report.date = find_date(value)[0]
        elif key in ATTENDEE_KEYS:
            listing = []
            report.attendees.extend(("", [n]) for n in split_names(value))
            report.attendees.append(("", listing))
        elif entry.strip():
            reader.opening.append([entry.strip()])
            reader.roles[index] = Role.TEXT
    report.attendees = [(org, names) for org, names in report.attendees if names]


def read_title(reader: "Reader", start: int = 0) -> int:
    if reader.report.title:
        # Titled by its front matter: a heading that says the same again is that title.
        first = next((i for i in range(start, len(reader.lines)) if reader.lines[i].strip()), None)
        if first is None:
            return start
        same = HEADING_MARKS.sub("", clean(reader.lines[first])) == reader.report.title
        return first + 1 if same else start
    for index, line in enumerate(reader.lines[start:], start=start):
        if line.strip():
            if BULLET.match(line) or ACTION_LINE.match(clean(line)):
                return index  # the minutes begin at once: their title is to be asked
            title = HEADING_MARKS.sub("", clean(line))
            date, year_written, match = find_date(title, reader.year)
            if PRESENT_HEADING.match(title) or PRESENT_SENTENCE.search(title):
                # "# Attendees", "October 24 Attendees:": the list of who came, untitled.
                if match and date and (year_written or reader.year):
                    reader.report.date = date
                return index
            # "WECG TPAC Sep 24, 2024" is titled "WECG TPAC"; a wiki page's name that holds its
            # date ("Packaging/2020-08-26-pip-teamwidemeeting") keeps it.
            days = find_range(title, reader.year) if match else None
            embedded = (
                not days and match and title[match.start() - 1 : match.start()] in {"/", "_", "-"}
            )
            if days:
                # "Workshop, 14–15 January 2019": the title ends where its days begin.
                title = title[: days.start].rstrip(" ,-–—:") or title
            elif match and not embedded:
                title = title[: match.start()].rstrip(" ,-–—:") or title
            if days or (match and not embedded):
                # « Réunion du bureau du 16 mai 2013 »: nor does the word that led to the date.
                title = BEFORE_A_DATE.sub("", title) or title
            if match and date and (year_written or reader.year):
                reader.report.date = date
            title = french_title(title)
            reader.report.title = title.strip(" -–:")[:300]
            reader.report.kind = kind_of(title)
            return index + 1
    return len(reader.lines)


def french_title(title: str) -> str:
    """« Compte rendu de la réunion plénière »: the meeting is « Réunion plénière »."""
    minutes = MINUTES_TITLE.match(title)
    if minutes:
        title = minutes["title"][:1].upper() + minutes["title"][1:]
    return title


def read_header(reader: "Reader", index: int) -> int:
    """Lines before the first list, agenda or numbered item: dates, place, summary."""
    report = reader.report
    summary: list[str] = []
    while index < len(reader.lines):
        line = reader.lines[index]
        text = clean(line)
        if not text:
            index += 1
            continue
        if starts_body(reader, line, text):
            break
        key, _, value = text.partition(":")
        key = key.strip().lower()
        if key in {"date", "when", "le", "quand"} and value.strip():
            date, _w, _m = find_date(value, reader.year)
            if date:
                report.date = date
                french = FRENCH_TIMES.search(value)
                times = (
                    french_times(french)
                    if french
                    else re.findall(TIME + r"(?=\s*(?:-|–|to|til|until|$))", value)
                )
                set_times(reader, times)
        elif key in {"time", "heure", "heures", "horaire", "horaires"} and value.strip():
            french = FRENCH_TIMES.search(value)
            times = (
                french_times(french)
                if french
                else re.split(r"\s*(?:-|–|to|til|until)\s*", value.strip())
            )
            set_times(reader, times)
        elif key in {"venue", "location", "place", "lieu", "where"}:
            report.venue, _s, report.address = value.strip().partition(", ")
        elif key in {"kind", "type"} and value.strip():
            report.kind = kind_of(value)
        elif key in {"series", "série"} and value.strip():
            report.series = value.strip()
        elif key in {"room", "salle"}:
            report.room = value.strip()
        elif key in DIAL_IN_KEYS:
            report.dial_in = value.strip()
        elif HELD.search(text) or FRENCH_HELD.search(text):
            read_held(reader, text)
        elif MINUTES_HEADING.match(text):
            pass  # « Compte rendu », over what follows: no words of the summary
        elif is_only_a_date(text):
            report.source_dated = find_date(text, reader.year)[0]
        elif starts_with_a_date(text):
            read_date_line(reader, text)
        else:
            summary.append(line.strip())
            reader.roles[index] = Role.TEXT
        index += 1
    report.summary = "\n\n".join(summary)
    # A date standing alone is the meeting's, unless the report dates the meeting elsewhere.
    if report.source_dated and report.date in (None, report.source_dated):
        report.date, report.source_dated = report.source_dated, None
    return index


def starts_with_a_date(text: str) -> bool:
    """ "Thursday 6 June 2013, 16:00-17:00, by phone (…)": a line that opens with the date."""
    _date, year_written, match = find_date(text)
    if match is None or not year_written:
        return False
    before = text[: match.start()].strip(" ,")
    # « Le jeudi 16 mai 2013 » as well as "Thursday 16 May 2013".
    return before == "" or re.fullmatch(r"(?:le )?" + WEEKDAYS + r"\.?", before, re.I) is not None


def read_date_line(reader: "Reader", text: str) -> None:
    date, _w, match = find_date(text)
    assert match is not None
    reader.report.date = date
    rest = text[match.end() :]
    times = re.search(
        rf"(?P<start>{TIME}) ?(?:-|–|to|til|till|until) ?(?P<end>{TIME})|\bat (?P<at>{TIME})",
        rest,
        re.I,
    )
    french = FRENCH_TIMES.search(rest) or FRENCH_AT.search(rest)
    if french and (times is None or french.start() <= times.start()):
        # « jeudi 16 mai 2013, de 9 h 00 à 17 h 30 », « …, à 16 h 00 ».
        set_times(reader, french_times(french))
    elif times:
        set_times(reader, [t for t in (times["start"], times["end"], times["at"]) if t])
    phone = PHONE.search(rest)
    if phone:
        note = (phone["note"] or "").strip(" ,;")
        reader.report.dial_in = phone["number"].strip() + (f" ({note})" if note else "")


def is_only_a_date(text: str) -> bool:
    _date, _year, match = find_date(text)
    return match is not None and len(text.strip(" .,")) - len(match.group(0)) <= 4


def french_times(match: re.Match) -> list[str]:
    """The times a match of FRENCH_TIMES or FRENCH_AT holds, in order."""
    return [t for t in match.groups() if t]


def set_times(reader: "Reader", times: list[str]) -> None:
    parsed = [parse_time(t) for t in times if t.strip()]
    parsed = [t for t in parsed if t]
    if parsed:
        reader.report.starts_at = parsed[0]
    if len(parsed) > 1:
        reader.report.ends_at = parsed[1]


def read_held(reader: "Reader", text: str) -> None:
    report = reader.report
    if not HELD.search(text):
        read_french_held(reader, text)
        return
    _read_series(report, ORDINAL_SERIES.search(text))
    after_held = HELD.split(text, maxsplit=1)[-1]
    date, _w, _m = find_date(after_held, reader.year)
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
    _read_place(report, re.search(r"\bat (?P<place>.+?)(?:\.\s|\.$|$)", rest))


def read_french_held(reader: "Reader", text: str) -> None:
    """« Le 3e atelier CompatibleOne 2013 & Beyond s’est tenu le jeudi 16 mai, de 9 h 00 à
    17 h 30, à l’Institut Telecom, 46, rue Barrault - 75013 Paris (salle F900). »"""
    report = reader.report
    _read_series(report, FRENCH_ORDINAL_SERIES.search(text))
    after_held = FRENCH_HELD.split(text, maxsplit=1)[-1]
    date, _w, found = find_date(after_held, reader.year)
    if date:
        report.date = date
    rest = after_held[found.end() :] if found else after_held
    times = FRENCH_TIMES.search(rest) or FRENCH_AT.search(rest)
    if times:
        set_times(reader, french_times(times))
        rest = rest[times.end() :]
    _read_place(report, FRENCH_PLACE.search(rest))


def _read_series(report: ParsedReport, series: re.Match | None) -> None:
    """ "The 3rd X Workshop", « Le 3ᵉ atelier X »: the number, the series and the kind."""
    if series:
        report.number = int(series["number"])
        report.series = series["series"].strip()
        report.kind = kind_of(series["kind"]) if report.kind == "other" else report.kind


def _read_place(report: ParsedReport, place: re.Match | None) -> None:
    """ "Venue, address (Room F900)", in either language."""
    if place:
        where = place["place"]
        room = ROOM.search(where)
        if room:
            report.room = room["room"].strip()
            where = where[: room.start()].strip()
        report.venue, _s, report.address = where.partition(", ")


def starts_body(reader: "Reader", line: str, text: str) -> bool:
    return bool(
        PRESENT_HEADING.match(text)
        or ABSENT_HEADING.match(text)
        or PRESENT_SENTENCE.search(text)
        or AGENDA_HEADING.match(text)
        or ACTION_ITEMS_HEADING.match(text)
        or ACTION_LINE.match(text)
        or AT_ACTION.match(text)
        or action_lines.task_of(line, text, set()) is not None
        or PROJECTS.match(text)
        or (LABEL.match(HEADING_MARKS.sub("", text)) and not line.startswith(" "))
        or BULLET.match(line)
        or HEADING_MARKS.match(line)
        or line.lstrip().startswith("|")
    )


# The body: lists, agenda, minutes, actions.


def read_days(reader: "Reader") -> None:
    """ "14-15 January 2019", in the lines that said when the meeting was: it begins on the
    first day and ends on the last."""
    report = reader.report
    if report.date is None:
        return
    for line, role in zip(reader.lines, reader.roles, strict=True):
        if role != Role.MEETING:
            continue
        days = find_range(clean(line), reader.year)
        if days and days.first <= report.date <= days.last:
            report.date, report.last_day = days.first, days.last
            return

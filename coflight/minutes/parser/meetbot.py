"""What meeting bots (MeetBot, as OpenStack, OpenInfra, Debian and others run it) write: the
log named after the meeting's day and hour; and their text minutes, as MeetBot's own writer
lays them out:

    #openstack-meeting: nova                (between lines of "=")
    Meeting started by gibi at 16:00:05 UTC.  The full logs are available at <log URL> .
    Meeting summary / ---------------        a topic a bullet, "  * ACTION: …  (gibi, 16:08:11)"
    Meeting ended at 16:45:31 UTC.
    Action Items / ------------              the ACTION lines again
    Action Items, by person / -------------  "* nick", and under it the actions naming them
    People Present (lines said) / ---------  "* nick (61)"

The topics are the agenda; ACTION, AGREED, ACCEPTED and REJECTED lines under them are actions
and decisions; the lists at the end repeat the actions (they are matched, not copied), give
their owners, and who came. Times in UTC are read as the Paris times they were."""

import datetime
import re
import zoneinfo
from typing import TYPE_CHECKING

from .decisions import read_decision
from .model import Owner, ParsedAction, Role
from .text import BULLET, clean, find_date, parse_time

if TYPE_CHECKING:
    from .reader import Reader

MEETBOT_LOG = re.compile(r"[./](\d{4}-\d{2}-\d{2})-\d{2}\.\d{2}\.(?:log\.)?(?:html|txt)\b")
STARTED = re.compile(
    r"^Meeting started by (?P<chair>\S+) at (?P<time>\d{1,2}:\d{2})(?::\d{2})?"
    r" ?(?P<zone>[A-Z]{3,4})?"
)
LOG_URL = re.compile(r"https?://\S+?(?=\s*\.?$|\s)")
ENDED = re.compile(r"^Meeting ended at (?P<time>\d{1,2}:\d{2})(?::\d{2})? ?(?P<zone>[A-Z]{3,4})?")
UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,})\s*$")
# "  (gibi, 16:08:11)": who wrote the line, and when; the bot's, not the minutes' words.
STAMP = re.compile(r"\s+\((?P<nick>[^(),\s]{1,40}), \d{1,2}:\d{2}(?::\d{2})?\)$")
KEYWORD = re.compile(
    r"^(?P<kind>ACTION|AGREED|ACCEPTED|REJECTED|IDEA|INFO|LINK|HELP)\s*:\s*(?P<text>.*)$"
)
PRESENT = re.compile(r"^(?P<nick>\S{1,60}) \((?P<lines>\d{1,6})\)$")
UNASSIGNED = "**UNASSIGNED**"
SECTIONS = {
    "meeting summary": "summary",
    "action items": "actions",
    "action items, by person": "by person",
    "people present (lines said)": "people",
    "people present": "people",
}
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def date_from_log(reader: "Reader") -> None:
    """A meeting bot's minutes name their log after the meeting's day and hour."""
    if reader.report.date is not None:
        return
    log = MEETBOT_LOG.search("\n".join(reader.lines))
    if log:
        reader.report.date = find_date(log[1])[0]


def is_meetbot(reader: "Reader") -> bool:
    head = reader.lines[:40]
    return any(STARTED.match(line.strip()) for line in head) and any(
        line.strip().casefold() == "meeting summary" for line in reader.lines[:80]
    )


def read_head(reader: "Reader") -> int:
    """The title between its lines of "=", and "Meeting started by …": where the summary
    begins. The channel is where the meeting was held; any other line is kept as text."""
    report = reader.report
    date_from_log(reader)
    index = 0
    in_started = False
    while index < len(reader.lines):
        text = reader.lines[index].strip()
        if text.casefold() in SECTIONS:
            break
        started = STARTED.match(text)
        in_started = bool(text) and (bool(started) or in_started)
        if started:
            reader.meetbot_times["start"] = (started["time"], started["zone"] or "")
        log = LOG_URL.search(text) if in_started else None
        if log:
            report.materials.append((log[0], log[0]))
        if text and not UNDERLINE.match(text) and not in_started and not report.title:
            channel, colon, title = text.partition(": ")
            if colon and channel.startswith("#"):
                report.title, report.venue = title.strip(), channel
            else:
                report.title = text
            reader.roles[index] = Role.MEETING
        elif text and not UNDERLINE.match(text):
            # "Meeting started by gibi at 16:00:05 UTC.  The full logs are available at …":
            # the minutes' first words, kept as written.
            reader.roles[index] = Role.TEXT
            reader.keep(reader.lines[index], index + 1)
        index += 1
    return index


def finish(reader: "Reader") -> None:
    """The times the bot wrote in UTC, as Paris times, once the day is known: a meeting at
    23:30 UTC was held the next day in Paris. With no day, no time is made up."""
    report = reader.report
    times = reader.meetbot_times
    if not times or report.date is None:
        return
    day = report.date
    start = _paris(day, *times["start"]) if "start" in times else None
    end = _paris(day, *times["end"]) if "end" in times else None
    if start:
        report.date, report.starts_at = start.date(), start.time()
    if end:
        report.ends_at = end.time()


def read_meetbot_line(reader: "Reader", line: str, text: str, index: int) -> int | None:
    if not reader.meetbot:
        return None
    following = reader.lines[index] if index < len(reader.lines) else ""
    if text.casefold() in SECTIONS and UNDERLINE.match(following):
        reader.flush_paragraph()
        reader.meetbot_section = SECTIONS[text.casefold()]
        reader.meetbot_nick = None
        return index + 1
    ended = ENDED.match(text)
    if ended:
        reader.flush_paragraph()
        reader.meetbot_times["end"] = (ended["time"], ended["zone"] or "")
        reader.meetbot_section = ""
        reader.current = reader.current_top = None
        reader.ended = True
        reader.roles[index - 1] = Role.TEXT
        reader.keep(line, index)
        return index
    section = reader.meetbot_section
    if not section or not BULLET.match(line):
        return None
    # MeetBot wraps its lines at 72 columns: the line goes on under its bullet.
    text, after = _whole(reader, line, text, index)
    if section == "summary":
        return _summary_line(reader, line, text, index, after)
    if section in {"actions", "by person"}:
        _as(reader, index - 1, after, Role.ACTION)
        if section == "actions":
            if _repeated(reader, text) is None:
                _action(reader, text)
            return after
        if not line.startswith((" ", "\t")):
            reader.meetbot_nick = None if UNASSIGNED in line else text
            return after
        action = _repeated(reader, text)
        nick = reader.meetbot_nick
        if action is None and text != "(none)":
            action = _action(reader, text)
        if action is not None and nick and nick.casefold() not in _owners(action):
            action.owners.append(Owner(nick))
        return after
    present = PRESENT.match(text) if section == "people" else None
    if present:
        _as(reader, index - 1, after, Role.ATTENDEES)
        reader.report.attendees.append(("", [present["nick"]]))
        reader.report.attendee_notes[present["nick"]] = f"{present['lines']} lines said"
        return after
    return None


def _whole(reader: "Reader", line: str, text: str, index: int) -> tuple[str, int]:
    """Bullet `line` with the lines that carry it on, and where to read on."""
    more = reader.carried_on(line, index)
    return " ".join([text, *(m.strip() for m in more)]), index + len(more)


def _as(reader: "Reader", start: int, end: int, role: Role) -> None:
    for at in range(start, end):
        reader.roles[at] = role


def _summary_line(reader: "Reader", line: str, text: str, index: int, after: int) -> int | None:
    """A topic (a bullet of its own), or what was said under it."""
    said = STAMP.sub("", text)
    keyword = KEYWORD.match(said)
    if not line.startswith((" ", "\t")) and not keyword:
        _as(reader, index - 1, after, Role.AGENDA)
        reader.open_item(str(len(reader.report.items) + 1), said, None, titled=True)
        return after
    if keyword and keyword["kind"] == "ACTION" and not keyword["text"].strip():
        reader.read_minutes_line(line, clean(line), index)  # "ACTION:" and nothing: text
        return index
    if keyword and keyword["kind"] == "ACTION":
        reader.flush_paragraph()
        _as(reader, index - 1, after, Role.ACTION)
        _action(reader, keyword["text"])
        return after
    if keyword and keyword["kind"] in {"AGREED", "ACCEPTED", "REJECTED"}:
        _as(reader, index - 1, after, Role.DECISION)
        read_decision(reader, keyword["text"] if keyword["kind"] != "REJECTED" else said, after)
        return after
    return None  # "LINK: …", "INFO: …" and the rest: minutes text, as written


def _action(reader: "Reader", text: str) -> ParsedAction:
    """An ACTION line, as written ("lyarwood to triage …", the nick as the bot wrote it)."""
    action = reader.add_action(text, [])
    action.text = action.source = " ".join(text.split())
    reader.meetbot_actions.setdefault(action.text.casefold(), action)
    return action


def _repeated(reader: "Reader", text: str) -> ParsedAction | None:
    """The action of the summary that a later list repeats."""
    return reader.meetbot_actions.get(" ".join(clean(text).split()).casefold())


def _owners(action: ParsedAction) -> set[str]:
    return {owner.name.casefold() for owner in action.owners}


def _paris(day: datetime.date, written: str, zone: str) -> datetime.datetime | None:
    moment = parse_time(written)
    if moment is None:
        return None
    at = datetime.datetime.combine(day, moment)
    if zone in {"UTC", "GMT"}:
        return at.replace(tzinfo=datetime.UTC).astimezone(PARIS).replace(tzinfo=None)
    return at

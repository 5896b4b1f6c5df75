"""What the reader makes of minutes: plain data, for the preview and the save to read."""

import dataclasses
import datetime
import enum

MAX_BYTES = 5 * 1024 * 1024
MAX_LINE = 20_000


class Role(enum.StrEnum):
    """What a line of the source became, as the preview shows it."""

    BLANK = ""
    TEXT = "text"
    MEETING = "meeting"
    ATTENDEES = "attendees"
    AGENDA = "agenda"
    ACTION = "action"
    DECISION = "decision"


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
    # Listed under "Review of outstanding action items" or "Previous Tasks": an action of an
    # earlier meeting, reported on again; `source` is its line as written.
    reviewed: bool = False
    source: str = ""
    line: int = 0  # where its line is in the minutes, 0-based


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
    # "14-15 January 2019": the last day of a meeting of several.
    last_day: datetime.date | None = None
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
    # "Yusuke Suzuki - Apple (YSZ)": the initials or role in brackets, and whose they are.
    aliases: dict[str, str] = dataclasses.field(default_factory=dict)
    # What the list says of someone beside their name and organisation ("SFC, Moderator",
    # "left at 11:04", "Sync"), by the name as written.
    attendee_notes: dict[str, str] = dataclasses.field(default_factory=dict)
    # Those listed as not there: (presence, organisation, name), presence "excused" or "absent".
    absentees: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    projects: list[str] = dataclasses.field(default_factory=list)
    items: list[ParsedItem] = dataclasses.field(default_factory=list)
    actions: list[ParsedAction] = dataclasses.field(default_factory=list)
    decisions: list[ParsedDecision] = dataclasses.field(default_factory=list)
    follow_ups: list[FollowUp] = dataclasses.field(default_factory=list)
    next_meeting: FollowUp | None = None
    materials: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)
    # The reviewed actions that are an earlier meeting's, each with that action's id: they are
    # not this meeting's actions, and their lines stay in its minutes text.
    reviewed: list[tuple[ParsedAction, int]] = dataclasses.field(default_factory=list)
    # What each line of the source became, one per line: "" (blank), "text" (kept as minutes
    # text) or the structure it was read as ("meeting", "attendees", "agenda", "action", …).
    roles: list[Role] = dataclasses.field(default_factory=list)

    def item(self, number: str) -> ParsedItem | None:
        return next((i for i in self.items if i.number == number), None)

    def lines(self) -> list[tuple[str, Role]]:
        """Each line of the source, with what it became."""
        text = self.source_text.replace("\r\n", "\n").replace("\r", "\n")
        return list(zip(text.split("\n"), self.roles, strict=False))

    def unread(self) -> list[str]:
        """Lines with words that became neither structure nor text: none, if the reader is
        right, since no line of the minutes may be lost."""
        return [line for line, role in self.lines() if not role and any(c.isalnum() for c in line)]

    def roles_counted(self) -> dict[str, int]:
        counts = {role.value: 0 for role in Role if role}
        for role in self.roles:
            if role:
                counts[role] += 1
        return counts

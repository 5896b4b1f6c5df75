"""The reader: reads the head of the minutes, then offers each line of the body to the
conventions in turn (READERS); the first that knows the line reads it, and the lines no
convention knows are kept as minutes text."""

import datetime
import textwrap
from collections.abc import Callable

from . import (
    action_lines,
    attendees,
    decisions,
    header,
    meetbot,
    prose,
    report_style,
    sections,
    tables,
)
from .model import MAX_LINE, FollowUp, Owner, ParsedAction, ParsedItem, ParsedReport, Role
from .sections import REVIEW_TITLE
from .text import BULLET, HEADING_MARKS, LABEL, NICKNAMES, clean, unescape

LineReader = Callable[["Reader", str, str, int], int | None]
# In order: the first that returns where to read on has read the line (and any it took with it).
READERS: tuple[tuple[Role, LineReader], ...] = (
    (Role.MEETING, meetbot.read_meetbot_line),
    (Role.ATTENDEES, tables.read_table),
    (Role.ATTENDEES, attendees.read_absent),
    (Role.ATTENDEES, attendees.read_present),
    (Role.ATTENDEES, attendees.read_projects),
    (Role.AGENDA, sections.read_agenda_heading),
    (Role.AGENDA, sections.read_minutes_heading),
    (Role.ACTION, sections.read_action_items_heading),
    (Role.DECISION, decisions.read_decisions_heading),
    (Role.AGENDA, sections.leave_action_items),
    (Role.MEETING, report_style.read_material),
    (Role.MEETING, report_style.read_next_meeting_line),
    (Role.AGENDA, sections.read_listed_agenda),
    (Role.ACTION, report_style.read_action_line),
    (Role.DECISION, decisions.read_decision_line),
    (Role.ACTION, action_lines.read_at_action),
    (Role.ACTION, action_lines.read_task_line),
    (Role.MEETING, header.read_date_key),
    (Role.DECISION, decisions.read_decisions_entry),
    (Role.ACTION, sections.read_action_items_entry),
    (Role.AGENDA, sections.read_heading),
    (Role.AGENDA, sections.read_markdown_heading),
)


class Reader:
    def __init__(self, report: ParsedReport, text: str) -> None:
        self.report = report
        raw = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [unescape(line[:MAX_LINE]).rstrip(" \t\u00a0") for line in raw.split("\n")]
        self.roles = [Role.BLANK] * len(self.lines)
        self.year: int | None = None
        self.current: ParsedItem | None = None
        self.current_top: ParsedItem | None = None
        self.paragraph: list[str] = []
        self.agenda_done = False
        self.in_action_items = False
        self.in_decisions = False
        # MeetBot's text minutes, and which of their sections is being read (meetbot.py).
        self.meetbot = False
        self.meetbot_section = ""
        self.meetbot_nick: str | None = None
        self.meetbot_times: dict[str, tuple[str, str]] = {}
        self.meetbot_actions: dict[str, ParsedAction] = {}
        # Under "Review of outstanding action items": the actions listed are earlier ones.
        self.reviewing = False
        # The line being read, as written: a reviewed action keeps it.
        self.line_now = ""
        self.line_number = 0
        # Under a "Conclusion" heading: each line, not only each bullet, is a decision.
        self.in_conclusion = False
        self.ended = False
        self.pending_call: FollowUp | None = None
        self.pending_call_title = ""
        # The attendees' first names, and how many attendee groups they were taken from.
        self._known: tuple[int, set[str]] = (0, set())
        # The indent of an "Action items" list's own bullets: deeper ones are notes on them.
        self.action_items_indent: int | None = None
        # "Action item for Mike/Christian:": its owners, its line's indent, and the action its
        # last lines wrote, which an indented line with no bullet goes on with.
        self.task_owners: tuple[list[str], int, ParsedAction | None] | None = None
        # Lines under no agenda item: kept as the meeting's own text, in their order, before the
        # agenda (its summary) or after it (its closing text); each a list of paragraphs.
        self.opening: list[list[str]] = []
        self.closing: list[list[str]] = []
        # The level of the first unnumbered Markdown heading: of the agenda's items; deeper
        # headings are their sub-items.
        self.heading_level: int | None = None

    def read(self) -> None:
        report = self.report
        self.year = header.first_year(self)
        self.meetbot = meetbot.is_meetbot(self)
        if self.meetbot:
            index = meetbot.read_head(self)
        else:
            index = header.read_front_matter(self)
            index = header.read_title(self, index)
            index = header.read_header(self, index)
        self.mark(0, index, Role.MEETING)
        self.read_body(index)
        self.flush_paragraph()
        meetbot.date_from_log(self)
        header.read_days(self)
        meetbot.finish(self)
        opening = ["\n".join(lines) for lines in self.opening]
        report.summary = "\n\n".join(p for p in (report.summary, *opening) if p)
        report.closing_text = "\n\n".join("\n".join(lines) for lines in self.closing)
        report_style.settle_dues(self)
        for action in report.actions:
            for owner in action.owners:
                # "@rpwagner", "YSZ": the attendee the list says they are.
                owner.name = report.aliases.get(owner.name.lstrip("@"), owner.name)
        if report.title == "" and report.items:
            report.title = report.items[0].title
        report.roles = [
            Role.BLANK if not clean(line) else role
            for line, role in zip(self.lines, self.roles, strict=True)
        ]

    def mark(self, start: int, end: int, role: Role) -> None:
        """Lines `start` to `end` (excluded) were read as `role`, but those a convention said
        more of (kept as text, or read as actions in a table)."""
        for index in range(start, min(end, len(self.lines))):
            if self.roles[index] == Role.BLANK:
                self.roles[index] = role

    def next_filled(self, index: int) -> tuple[int, str]:
        """The first line from `index` on that has words, and its words ("" at the end)."""
        while index < len(self.lines) and not clean(self.lines[index]):
            index += 1
        return index, clean(self.lines[index]) if index < len(self.lines) else ""

    def read_body(self, index: int) -> None:
        while index < len(self.lines):
            line = self.lines[index]
            text = clean(line)
            index += 1
            if not text:
                self.flush_paragraph()
                continue
            self.line_now, self.line_number = line, index - 1
            for role, read in READERS:
                actions = len(self.report.actions)
                following = read(self, line, text, index)
                if following is not None:
                    if len(self.report.actions) > actions and BULLET.match(line):
                        following = self.read_on(line, following, self.report.actions[-1])
                    self.mark(index - 1, following, role)
                    index = following
                    break
            else:
                self.in_action_items = False
                self.read_minutes_line(line, text, index)

    def carried_on(self, line: str, index: int) -> list[str]:
        """The lines from `index` on that carry on bullet `line`: indented under it, with no
        bullet of their own (Markdown's lazy lines, MeetBot's wrapping at 72 columns)."""
        indent = len(line) - len(line.lstrip())
        lines = []
        for following in self.lines[index:]:
            if (
                not following.strip()
                or BULLET.match(following)
                or len(following) - len(following.lstrip()) <= indent
                or following.lstrip().startswith(("#", "|", ">"))
            ):
                break
            lines.append(following)
        return lines

    def read_on(self, line: str, index: int, action: ParsedAction) -> int:
        """The lines that carry on the task of bullet `line`, read into `action`; where to read
        on."""
        more = self.carried_on(line, index)
        for following in more:
            action.text = f"{action.text} {clean(following)}"
            if action.reviewed:
                action.source = f"{action.source}\n{following.strip()}"
        return index + len(more)

    def keep(self, line: str, index: int) -> None:
        """Line `index` - 1, no structure: text of the meeting, as written, in the paragraphs
        the minutes make."""
        held = self.closing if self.report.items or self.ended else self.opening
        if held and index >= 2 and self.lines[index - 2].strip():
            held[-1].append(line.strip())
        else:
            held.append([line.strip()])

    def open_item(
        self, label: str, rest: str, parent: str | None, raw: str = "", titled: bool = False
    ) -> None:
        """Opens agenda item `label` (under `parent`), made if new; `rest` is its title, or
        (unless `titled`, as a heading is) the sentence that opens its minutes."""
        self.flush_paragraph()
        self.in_action_items = False
        number = f"{parent}{label}" if parent else label
        item = self.report.item(number)
        sentence = False
        if item is None:
            long_text = not titled and (len(rest) > 80 or rest.rstrip().endswith("."))
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

    def read_minutes_line(self, line: str, text: str, index: int) -> None:
        """Line `index` - 1, minutes text: under the current item, or the meeting's own."""
        self.roles[index - 1] = Role.TEXT
        if self.current is None:
            if report_style.MATERIAL.search(text):
                self.report.materials.append((text, ""))
            else:
                self.keep(line, index)
        else:
            report_style.read_call(self, text)
            self.paragraph.append(line)
        prose.read_prose(self, text, index)

    def flush_paragraph(self) -> None:
        if self.paragraph and self.current is not None:
            paragraph = textwrap.dedent("\n".join(self.paragraph)).strip("\n")
            self.current.paragraphs.append(paragraph)
            decisions.read_agreed(self, self.current, paragraph)
            report_style.read_presenters(self, self.current, paragraph)
        self.paragraph = []

    def known_names(self) -> set[str]:
        """The attendees' first names, casefolded: built again only when the list grows, not
        for every line of the minutes."""
        if self._known[0] != len(self.report.attendees):
            names = {
                n.split()[0].casefold() for _o, ns in self.report.attendees for n in ns if n.strip()
            }
            names |= {n.casefold() for _o, ns in self.report.attendees for n in ns}
            names |= {alias.casefold() for alias in self.report.aliases}
            # "Dave will try to find out", of David Grove.
            names |= {nick for name in names for nick in NICKNAMES.get(name, ())}
            self._known = (len(self.report.attendees), names)
        return self._known[1]

    def add_action(self, text: str, owners: list[Owner]) -> ParsedAction:
        current = self.current
        # One line of words: no-break spaces and runs of spaces become one space, and "Ann to
        # draft the roadmap" becomes the action "Draft the roadmap".
        text = " ".join(text.split())
        action = ParsedAction(
            text=text[:1].upper() + text[1:],
            # "???: Document when we use each list": the minutes name no owner.
            owners=[owner for owner in owners if any(c.isalnum() for c in owner.name)],
            item=current.number if current else None,
            after_paragraph=len(current.paragraphs) if current else None,
        )
        # "# Previous Tasks", "3. Review of outstanding action items": the item lists them.
        under = [i.title for i in (current, self.current_top) if i is not None]
        if (self.reviewing and self.in_action_items) or any(REVIEW_TITLE.search(t) for t in under):
            action.reviewed = True
            action.source, action.line = self.line_now.strip(), self.line_number
        self.report.actions.append(action)
        return action

    def year_for_follow_ups(self) -> int | None:
        return self.report.date.year if self.report.date else self.year

    def follow_up(self, kind: str, date: datetime.date, title: str) -> FollowUp:
        if self.report.date and date < self.report.date and date.year == self.report.date.year:
            date = date.replace(year=date.year + 1)
        for existing in self.report.follow_ups:
            if existing.key == (kind, date):
                return existing
        follow_up = FollowUp(kind, date, title)
        self.report.follow_ups.append(follow_up)
        return follow_up

"""A file that holds the minutes of several meetings, as yearly archives and wiki pages keep
them: one heading a meeting, each a date ("## December 7, 2017", "## October 25, 2017 -",
"### 2024-03-11"). Each is read as the minutes of its own meeting; what comes before the first
(the page's title, an introduction) goes with the first, so that no line is lost."""

import dataclasses
import datetime
import re

from .text import HEADING_MARKS, find_date

HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<title>\S.*)$")
# A heading is a meeting's when it is its date, give or take a few words ("- notes", "call").
FEW_WORDS = 24


@dataclasses.dataclass
class Meeting:
    date: datetime.date
    heading: str
    text: str


def meetings_in(text: str) -> list["Meeting"]:
    """The meetings of a file of several, in its order; none when it holds one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: dict[int, list[tuple[int, datetime.date, str]]] = {}
    fenced = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = None if fenced else HEADING.match(line.strip())
        if heading is None:
            continue
        title = heading["title"].strip(" #*")
        date, year_written, match = find_date(title)
        if date is None or not year_written or match is None or match.start() > 0:
            continue
        if len(title) - len(match.group(0)) > FEW_WORDS:
            continue
        found.setdefault(len(heading["marks"]), []).append((number, date, title))
    # The shallowest level at which two headings name two days: one heading a meeting.
    for _level, headings in sorted(found.items()):
        if len({date for _n, date, _t in headings}) >= 2:
            break
    else:
        return []
    starts = [number for number, _d, _t in headings] + [len(lines)]
    meetings = []
    for (number, date, title), end in zip(headings, starts[1:], strict=True):
        begin = 0 if number == starts[0] else number
        meetings.append(Meeting(date, HEADING_MARKS.sub("", title), "\n".join(lines[begin:end])))
    return meetings

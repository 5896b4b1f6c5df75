"""Reads meeting minutes as people write them, into plain data; touches no database.

One entry point, `parse`. Each module reads one family of conventions, learnt from real minutes
(tests/imports/corpus): the head of the minutes (header), who came (attendees), agendas and
sections (sections), the CompatibleOne reports' `Action:`/`Owner:` style (report_style), tasks
on one line as other communities mark them (action_lines), decisions (decisions), meeting bots
(meetbot) and tables (tables). The reader (reader) offers each line to them in turn; whatever
none understands is kept as minutes text, never dropped, and `ParsedReport.roles` says what
each line became. Every pattern is anchored and free of nested repetition, so the time taken
grows with the length of the text and nothing else.

Adding a convention means adding a module, a place for it in reader.READERS, and a corpus file.
"""

from django.utils.translation import gettext as _

from .action_lines import NAME_COLON_TASK, NAME_TO_TASK
from .archive import meetings_in
from .attendees import comings_and_goings
from .decisions import AGREED_SENTENCE, DECISION_LINE
from .header import is_only_a_date
from .model import (
    MAX_BYTES,
    FollowUp,
    MinutesError,
    Owner,
    ParsedAction,
    ParsedDecision,
    ParsedItem,
    ParsedReport,
    Role,
)
from .reader import Reader
from .report_style import (
    ACTION_LINE,
    DUE_DATE,
    DUE_MEETING,
    FRENCH_DUE_MEETING,
    DueMeeting,
    due_meeting_in,
)
from .text import LONGEST_MEETING, NICKNAMES, decode, find_date, owners_of, unescape

__all__ = [
    "ACTION_LINE",
    "AGREED_SENTENCE",
    "DECISION_LINE",
    "DUE_DATE",
    "DUE_MEETING",
    "FRENCH_DUE_MEETING",
    "DueMeeting",
    "LONGEST_MEETING",
    "NICKNAMES",
    "MAX_BYTES",
    "NAME_COLON_TASK",
    "NAME_TO_TASK",
    "FollowUp",
    "MinutesError",
    "Owner",
    "ParsedAction",
    "ParsedDecision",
    "ParsedItem",
    "ParsedReport",
    "Role",
    "comings_and_goings",
    "decode",
    "due_meeting_in",
    "find_date",
    "is_only_a_date",
    "meetings_in",
    "owners_of",
    "parse",
    "unescape",
]


def parse(text: str) -> ParsedReport:
    """The report in `text`; raises MinutesError only when there is nothing to read in it."""
    if len(text) > MAX_BYTES:
        raise MinutesError(_("The text is too long; coflight reads minutes of up to 5 MB."))
    if not text.strip():
        raise MinutesError(_("The text is empty."))
    if sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f") > 8:
        raise MinutesError(_("This does not look like text: it is full of control characters."))
    report = ParsedReport(source_text=text)
    Reader(report, text).read()
    # A date or a title not found is asked for in the preview (services.Question); minutes
    # without actions are minutes all the same: an agenda is a document worth keeping.
    return report

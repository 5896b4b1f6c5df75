"""What meeting bots (MeetBot, as OpenStack and others run it) write: the log named after the
meeting's day and hour."""

import re
from typing import TYPE_CHECKING

from .text import find_date

if TYPE_CHECKING:
    from .reader import Reader

MEETBOT_LOG = re.compile(r"[./](\d{4}-\d{2}-\d{2})-\d{2}\.\d{2}\.(?:log\.)?(?:html|txt)\b")


def date_from_log(reader: "Reader") -> None:
    """A meeting bot's minutes name their log after the meeting's day and hour."""
    if reader.report.date is not None:
        return
    log = MEETBOT_LOG.search("\n".join(reader.lines))
    if log:
        reader.report.date = find_date(log[1])[0]

"""Real minutes from other communities (corpus/): imported, no line of them is lost."""

import re

import pytest
from django.urls import reverse

from coflight.minutes.parser import Role, decode, parse
from coflight.minutes.services import DATE, TITLE, import_plan, import_save

from .entries import entries

pytestmark = pytest.mark.django_db

# Words that only say what a line is (a list's heading, a field's name, a sentence that carries
# the meeting's date and place): a line read as structure is kept as that structure, and these
# are the words the structure stands for. A line kept as text must be found whole.
MARKERS = {
    Role.MEETING: {"held", "has", "been", "here", "the", "report", "this", "from", "til", "room"},
    Role.ATTENDEES: {"present", "attendees", "attendance", "participants", "roll", "call", "were"}
    | {"absent", "excused", "regrets", "apologies", "the", "following", "organisations", "and"}
    | {"contributors", "for", "this", "workshop", "please", "add", "yourself", "also", "other"}
    | {"board", "members", "officers", "directors", "guests", "people", "new"},
    Role.AGENDA: {"agenda"},
    Role.ACTION: {"action", "actions", "items", "item", "owner", "owners", "todo", "todos", "will"},
    Role.DECISION: {"decision", "resolved", "agreed", "resolution"},
}

# Where the importer does not keep every line yet (issue 19), and why; each must pass once fixed.
NOT_YET: dict[str, str] = {}


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{3,}", text.casefold()))


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        pytest.param(
            *entry,
            id=entry[0],
            marks=[pytest.mark.xfail(reason=NOT_YET[entry[0]], strict=True)]
            if entry[0] in NOT_YET
            else [],
        )
        for entry in entries()
    ],
)
def test_no_line_of_real_minutes_is_lost(client, name, source, expected):
    text, _notices = decode(source.read_bytes())
    report = parse(text)
    questions = import_plan(report).questions
    meeting = expected["meeting"]
    given = {DATE: meeting["dates"][0], TITLE: meeting["title"] or name}
    answers = {q.key: given[q.key] for q in questions}
    saved = import_save(parse(text), answers)
    export = client.get(reverse("meetings:markdown", args=[saved.pk])).content.decode()
    # The meeting's dates are kept as dates: "Sep 24, 2024" is found as "24 September 2024".
    days = [d for d in (saved.date, saved.source_dated) if d]
    kept = words(export) | words(" ".join(f"{d:%a %A %b %B}" for d in days))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lost = [
        line
        for line, role in zip(lines, report.roles, strict=True)
        if role and not words(line) - MARKERS.get(role, set()) <= kept
    ]
    assert lost == [], f"{len(lost)} of {len(text.splitlines())} lines lost: {lost[:8]}"

"""Real minutes from other communities (corpus/): imported, no line of them is lost."""

import re

import pytest
from django.urls import reverse

from coflight.minutes.parser import decode, parse
from coflight.minutes.services import DATE, TITLE, import_plan, import_save

from .entries import entries

pytestmark = pytest.mark.django_db

# Words that only say what a line is (a list's heading, a field's name), which coflight keeps as
# structure rather than as text.
STRUCTURE = {"present", "attendees", "agenda", "action", "actions", "items", "item", "owner"}
STRUCTURE |= {"absent", "excused", "regrets", "apologies"}


# Where the importer does not keep every line yet (issue 19), and why; each must pass once fixed.
NOT_YET = {
    "compatibleone-workshop-2013-05-16": "structure lines (the source's date, the 'has been held "
    "on' sentence, 'were present') whose words the report does not repeat",
    "jupyter-security-2023-03-07": "a deep sub-bullet under a heading read as attendees",
    "llvm-iwg-2021-02-23": "'## Participants' is no attendee heading yet",
    "openssf-tac-2022-06-03": "'Attendance (please add yourself)' is no attendee heading yet",
    "pip-team-2020-08-26": "'Participants:' is no attendee heading yet; a wiki path as title",
    "pypa-warehouse-2019-07-31": "'Participants:'; a numbered 'A, B, and C: task' line",
    "scala-center-advisory-board-2016-08-09": "'Other board members and officers present:'",
    "w3c-webextensions-cg-2024-09-24": "the title line, its date read out of it",
}


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
    questions = import_plan(parse(text)).questions
    meeting = expected["meeting"]
    given = {DATE: meeting["dates"][0], TITLE: meeting["title"] or name}
    answers = {q.key: given[q.key] for q in questions}
    saved = import_save(parse(text), answers)
    export = client.get(reverse("meetings:markdown", args=[saved.pk])).content.decode()
    kept = words(export)
    lost = [
        line for line in text.splitlines() if line.strip() and not words(line) - STRUCTURE <= kept
    ]
    assert lost == [], f"{len(lost)} of {len(text.splitlines())} lines lost: {lost[:8]}"

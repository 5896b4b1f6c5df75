"""A file holding the minutes of several meetings, one dated heading each (a yearly archive,
as Kubernetes' steering committee keeps one): the preview says so, and each may be saved as
its own meeting, all or none."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.minutes.parser import MinutesError, meetings_in
from coflight.minutes.services import TITLE, import_archive

pytestmark = pytest.mark.django_db

ARCHIVE = (
    Path(__file__).parent.parent / "imports/corpus/kubernetes-steering-2017-10-18.md"
).read_text(encoding="utf-8")
DAYS = [datetime.date(2017, 12, 7), datetime.date(2017, 11, 8), datetime.date(2017, 10, 25),
        datetime.date(2017, 10, 18)]  # fmt: skip


@pytest.fixture
def importer(client, staff):
    client.force_login(staff)
    return client


def test_the_dated_headings_are_its_meetings_and_no_line_is_left_out():
    parts = meetings_in(ARCHIVE)
    assert [p.date for p in parts] == DAYS
    assert "\n".join(p.text for p in parts) == ARCHIVE.replace("\r\n", "\n")
    assert meetings_in("# Board call, 4 March 2024\n\n## 1. Budget\n\n## 2. Hiring\n") == []
    # Dates in headings of the same level, but all the same day: one meeting.
    assert meetings_in("# Workshop\n\n## 4 March 2024 morning\n\n## 4 March 2024 afternoon\n") == []


def test_saved_each_as_its_own_meeting_with_its_own_attendees_and_actions():
    meetings = import_archive(ARCHIVE, {TITLE: "Kubernetes Steering Committee"})
    assert [(m.title, m.date) for m in meetings] == [
        ("Kubernetes Steering Committee", day) for day in DAYS
    ]
    assert [m.attendances.count() for m in meetings] == [12, 10, 13, 9]
    assert sum(m.actions.count() for m in meetings) == Action.objects.count() >= 16
    nov = meetings[1]
    assert nov.actions.filter(text__icontains="Amendment language").exists()
    assert not meetings[0].actions.filter(text__icontains="Amendment language").exists()


def test_one_meeting_that_cannot_be_saved_saves_none():
    with pytest.raises(MinutesError):
        import_archive(ARCHIVE)  # no title: the minutes give none for their dated headings
    assert Meeting.objects.count() == 0


def test_the_preview_offers_it_and_saving_each_makes_four_meetings(importer):
    page = importer.post("/import/", {"text": ARCHIVE}).content.decode()
    assert "This file holds the minutes of 4 meetings" in page
    assert "Thursday 7 December 2017" in page and 'name="split"' in page
    response = importer.post(
        "/import/",
        {"text": ARCHIVE, "save": "1", "split": "1", TITLE: "Kubernetes Steering Committee"},
    )
    assert response.status_code == 302
    assert sorted(Meeting.objects.values_list("date", flat=True), reverse=True) == DAYS
    page = importer.get(response["Location"]).content.decode()
    assert "Imported 4 meetings from this file: 7 December 2017, 8 November 2017" in page


def test_the_command_splits_when_asked_and_says_so_when_not(capsys, tmp_path):
    source = tmp_path / "archive.md"
    source.write_text(ARCHIVE, encoding="utf-8")
    call_command("import_minutes", str(source), "--dry-run", "--title", "Steering")
    assert "This file holds the minutes of 4 meetings" in capsys.readouterr().out
    call_command("import_minutes", str(source), "--split", "--title", "Steering")
    assert Meeting.objects.filter(title="Steering").count() == 4
    with pytest.raises(CommandError):
        call_command("import_minutes", str(source), "--split")


def test_two_parts_of_one_day_are_refused_rather_than_saved_over_each_other():
    text = (
        "# Team\n\n## 4 March 2024\n\nFirst call notes.\n\n## 11 March 2024\n\nSecond.\n\n"
        "## 4 March 2024\n\nThird.\n"
    )
    with pytest.raises(MinutesError, match="Two parts of this file are dated 4 March 2024"):
        import_archive(text, replace=True)
    assert Meeting.objects.count() == 0


def test_asked_to_save_each_with_one_meeting_in_it_saves_that_one(importer):
    text = "Board call, 4 March 2024\n\nPresent: Ann\n\n1. Budget\nAnn to send the figures.\n"
    response = importer.post("/import/", {"text": text, "save": "1", "split": "1"})
    assert response.status_code == 302
    assert Meeting.objects.get().title == "Board call"

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coflight.actions.models import Action
from coflight.meetings.models import Meeting

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "compatibleone-workshop-2013-05-16.txt"


def test_a_dry_run_says_what_it_understood_and_saves_nothing(capsys):
    call_command("import_minutes", str(SEED), "--dry-run")
    out = capsys.readouterr().out
    assert "CompatibleOne 2013 & Beyond Workshop — 2013-05-16" in out
    assert "Time: 09:00–17:30" in out
    assert "Attendees: 29 (29 new to coflight)" in out
    assert "1. For CompatibleOne Day @ La Poste" in out
    assert "[Jean-Pierre Laisné (lead), Jamie]" in out
    assert "To settle: “Patrice”, owner of action 9" in out
    assert "Dry run: nothing was saved." in out
    assert Meeting.objects.count() == 0


def test_without_dry_run_it_saves(capsys):
    call_command("import_minutes", str(SEED))
    assert "Saved as meeting" in capsys.readouterr().out
    assert Action.objects.count() == 13


def test_importing_twice_needs_replace(capsys):
    call_command("import_minutes", str(SEED))
    with pytest.raises(CommandError, match="already in coflight"):
        call_command("import_minutes", str(SEED))
    call_command("import_minutes", str(SEED), "--replace")
    assert Meeting.objects.filter(date="2013-05-16").count() == 1


def test_bad_files_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_minutes", str(tmp_path / "missing.txt"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The text is empty."):
        call_command("import_minutes", str(empty))


def test_a_dry_run_counts_what_it_found(capsys):
    call_command("import_minutes", str(SEED), "--dry-run")
    assert "Found 13 actions, 29 attendees and 2 decisions." in capsys.readouterr().out


def test_a_json_dry_run_says_what_would_be_saved(capsys):
    call_command("import_minutes", str(SEED), "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["title"] == "CompatibleOne 2013 & Beyond Workshop"
    assert data["meeting"]["date"] == "2013-05-16"
    assert (data["meeting"]["starts_at"], data["meeting"]["ends_at"]) == ("09:00", "17:30")
    assert len(data["attendees"]) == 29
    assert {"name": "Jean-Pierre Laisné", "lead": True} in data["actions"][0]["owners"]
    assert data["agenda"][0]["number"] == "1"
    assert any(item["children"] for item in data["agenda"])
    assert len(data["actions"]) == 13 and len(data["decisions"]) == 2
    # What the preview asks: which Mohamed presented, which Patrice owns (never a guess).
    assert [(q["key"], q["answer"], q["options"][:2]) for q in data["questions"]] == [
        ("presenter-4-1", "", ["Mohamed (Prologue)", "Mohamed (TSP)"]),
        ("presenter-4-2", "", ["Mohamed (Prologue)", "Mohamed (TSP)"]),
        (
            "owner-9-0",
            "",
            ["Patrice (Université de Bourges University)", "Patrice (Université de Savoie)"],
        ),
        (
            "owner-12-0",
            "",
            ["Patrice (Université de Bourges University)", "Patrice (Université de Savoie)"],
        ),
    ]
    assert data["unplaced"] == []
    # What each line became: every one of the report's lines with words is counted once.
    assert data["lines"] == {
        "text": 16,
        "meeting": 4,
        "attendees": 13,
        "agenda": 18,
        "action": 26,
        "decision": 0,
    }
    assert Meeting.objects.count() == 0


def test_a_json_description_is_of_a_dry_run_only():
    with pytest.raises(CommandError, match="--dry-run"):
        call_command("import_minutes", str(SEED), "--format", "json")
    assert Meeting.objects.count() == 0


def test_minutes_without_date_or_title_take_them_from_the_options(tmp_path, capsys):
    minutes = tmp_path / "call.md"
    minutes.write_text("- Ann to send the budget\n\nAction: Ann to book the room\n")
    call_command("import_minutes", str(minutes), "--dry-run", "--format", "json")
    asked = [q["key"] for q in json.loads(capsys.readouterr().out)["questions"]]
    assert asked == ["meeting-date", "meeting-title"]
    with pytest.raises(CommandError, match="give the date of the meeting"):
        call_command("import_minutes", str(minutes))
    assert Meeting.objects.count() == 0
    call_command(
        "import_minutes",
        str(minutes),
        "--date",
        "2024-08-06",
        "--title",
        "Board call",
        "--series",
        "Board",
    )
    meeting = Meeting.objects.select_related("series").get()
    assert meeting.series is not None
    assert (meeting.title, meeting.date.isoformat(), meeting.series.name) == (
        "Board call",
        "2024-08-06",
        "Board",
    )


def test_a_date_given_wrongly_is_refused_clearly(tmp_path):
    minutes = tmp_path / "call.md"
    minutes.write_text("Board call\n\nAction: Ann to book the room\n")
    with pytest.raises(CommandError, match="year-month-day"):
        call_command("import_minutes", str(minutes), "--date", "6 August")
    assert Meeting.objects.count() == 0


def test_a_call_that_ends_after_midnight_ends_the_next_day(tmp_path):
    minutes = tmp_path / "call.md"
    minutes.write_text(
        "Late call\nDate: 16 May 2013\nTime: 22:00 - 01:00\n\nAction: Ann to sleep\n"
    )
    call_command("import_minutes", str(minutes))
    meeting = Meeting.objects.get()
    assert meeting.starts_at is not None and meeting.ends_at is not None
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=3)


def test_people_listed_as_excused_or_absent_are_recorded_so_not_as_present(tmp_path, client):
    minutes = tmp_path / "call.md"
    minutes.write_text(
        "Board call, 6 August 2024\n\nPresent: Ann, Bob\nRegrets: Carl (Inria)\nAbsent: Dora\n\n"
        "Action: Ann to book the room\n"
    )
    call_command("import_minutes", str(minutes))
    meeting = Meeting.objects.get()
    assert sorted(meeting.attendances.values_list("written_as", flat=True)) == ["Ann", "Bob"]
    absences = meeting.invitations.values_list(
        "person__given_name", "organisation__name", "absence"
    )
    assert sorted(absences) == [("Carl", "Inria", "excused"), ("Dora", None, "absent")]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Excused or absent" in page and "(Excused (apologies))" in page


def test_the_json_dry_run_gives_each_attendees_presence(tmp_path, capsys):
    minutes = tmp_path / "call.md"
    minutes.write_text("Board call, 6 August 2024\n\nPresent: Ann\nExcused: Carl\n")
    call_command("import_minutes", str(minutes), "--dry-run", "--format", "json")
    attendees = json.loads(capsys.readouterr().out)["attendees"]
    assert [(a["name"], a["presence"]) for a in attendees] == [
        ("Ann", "present"),
        ("Carl", "excused"),
    ]

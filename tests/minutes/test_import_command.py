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

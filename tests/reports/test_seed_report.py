"""`load_seed_report`, as `make run` runs it, and the copy of it that the tests share."""

import pytest
from django.core.management import call_command

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.search.models import SearchEntry
from tests.factories import make_action

pytestmark = pytest.mark.django_db


IGNORED = {"history_date", "url", "context"}


def _comparable(rows: list[dict]) -> list[str]:
    # Ids (and the search entries' links and contexts that hold them) depend on what the
    # database numbered before: PostgreSQL's sequences are not rolled back. History records
    # carry the moment they were written. The rest must be equal.
    return sorted(
        repr(sorted((k, v) for k, v in row.items() if not k.endswith("id") and k not in IGNORED))
        for row in rows
    )


def test_the_tests_share_exactly_what_the_command_writes(seed_rows):
    call_command("load_seed_report", verbosity=0)
    for model, rows in seed_rows:
        fields = list(rows[0])
        written = list(model._base_manager.order_by("pk").values(*fields))
        assert _comparable(written) == _comparable(rows), model._meta.label


def test_running_it_again_changes_nothing(capsys):
    call_command("load_seed_report")
    action = Action.objects.get(meeting__date="2013-05-16", position=1)
    action.set_status(Action.Status.DONE, "Done since")
    call_command("load_seed_report")
    assert "already loaded" in capsys.readouterr().out
    assert Meeting.objects.filter(date="2013-05-16").count() == 1
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_the_report_is_found_by_search_and_other_actions_keep_their_history():
    other = make_action(text="An action of another meeting", pk=10_000)
    call_command("load_seed_report", verbosity=0)
    assert SearchEntry.objects.filter(kind="action", title__contains="screen cast").exists()
    assert SearchEntry.objects.filter(kind="person", title__startswith="Jean-Pierre").exists()
    # Only the report's own actions start their history "from the report".
    assert other.history.count() == 1
    assert Action.history.filter(history_change_reason="from-report:fixture").count() == 13

"""Every export writes an action's owners the same way: Action.owners_text."""

import pytest

from coflight.actions.models import Action
from coflight.calendars.ics import calendar
from coflight.meetings.models import Meeting
from coflight.minutes.markdown import meeting_markdown
from coflight.notifications.emails import action_line
from coflight.search.models import SearchEntry
from tests.conftest import action_no, person

from .test_csv import rows

pytestmark = pytest.mark.django_db

SECURITY = "Patrice (not identified), Asma (Université de Bourges University)"


def test_it_names_people_marks_the_lead_and_the_unidentified(report):
    action = Action.objects.for_display().get(pk=action_no(1).pk)
    assert action.owners_text() == "Jean-Pierre Laisné (Bull, lead), Jamie (Prologue)"
    assert Action.objects.for_display().get(pk=action_no(12).pk).owners_text() == SECURITY


def test_the_csv_the_calendar_the_email_and_search_all_say_it_so(client, report):
    action = Action.objects.for_display().get(pk=action_no(12).pk)
    action.due_date = report.date
    csv = rows(client.get("/actions/export.csv"))
    assert [r[3] for r in csv if r[1] == "12"] == [SECURITY]
    ics = calendar("x", [], lambda path: path, [action]).decode()
    assert f"Owners: {SECURITY}" in ics.replace("\r\n ", "").replace("\\,", ",")
    assert action_line(action, person("Asma")).others == "Patrice (not identified)"
    entry = SearchEntry.objects.get(kind="action", object_id=action.pk)
    assert SECURITY in entry.body


def test_the_markdown_minutes_write_the_names_as_the_report_does(report):
    meetings = Action.objects.for_display().placed_in(Meeting.objects.for_report())
    assert "**Owners:** Patrice, Asma\n" in meeting_markdown(meetings.get(pk=report.pk))

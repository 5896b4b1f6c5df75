"""Minutes of a meeting an earlier report announced: the 6 June 2013 weekly call, written the way
the consortium writes its calls."""

from pathlib import Path

import pytest

from coflight.actions.models import Action
from coflight.meetings.models import Attendance, Meeting
from tests.conftest import action_no, text_of

pytestmark = pytest.mark.django_db

CALL = (Path(__file__).parent / "weekly-call-2013-06-06.txt").read_text(encoding="utf-8")


@pytest.fixture
def importer(client, staff, report):
    client.force_login(staff)
    return client


def test_the_preview_offers_to_fill_the_meeting_the_report_announced(importer):
    placeholder = Meeting.objects.get(date="2013-06-06")
    page = text_of(importer.post("/import/", {"text": CALL, "preview": "1"}))
    assert (
        "coflight already has this meeting, announced by an earlier report and not written up "
        "yet: Weekly meeting, 6 June 2013. These minutes fill it in, and the actions due at it "
        "stay due at it." in page
    )
    assert "Import them as a separate meeting instead" in page
    assert Meeting.objects.get(date="2013-06-06") == placeholder


def test_saving_fills_it_and_what_was_due_at_it_stays_due_at_it(importer):
    placeholder = Meeting.objects.get(date="2013-06-06")
    due_there = set(placeholder.actions_due.values_list("pk", flat=True))
    assert action_no(7).pk in due_there
    response = importer.post("/import/", {"text": CALL, "save": "1"})
    assert response.status_code == 302
    [meeting] = Meeting.objects.filter(date="2013-06-06")
    assert meeting.pk == placeholder.pk
    assert meeting.title == "CompatibleOne Core Team Weekly Conference Call"
    assert set(meeting.actions_due.values_list("pk", flat=True)) == due_there
    assert meeting.series.name == "CompatibleOne Core Team Weekly Conference Call"


def test_the_date_line_gives_the_time_and_the_dial_in(importer):
    importer.post("/import/", {"text": CALL, "save": "1"})
    meeting = Meeting.objects.get(date="2013-06-06")
    page = text_of(importer.get(meeting.get_absolute_url()))
    assert "Time 16:00–17:00" in page
    assert meeting.dial_in == "+33 172 807 597 (no code)"


def test_due_phrases_and_the_next_call_are_placed(importer):
    importer.post("/import/", {"text": CALL, "save": "1"})
    meeting = Meeting.objects.get(date="2013-06-06")
    circulate = Action.objects.get(meeting=meeting, position=1)
    assert circulate.text == "Circulate the selected points before the plenary meeting (13 June)"
    assert circulate.due_meeting == Meeting.objects.get(date="2013-06-13", kind="plenary")
    assert meeting.next_meeting is not None
    assert meeting.next_meeting.date.isoformat() == "2013-06-13"
    assert meeting.next_meeting.kind == "weekly_call"


def test_a_name_that_fits_two_attendees_stays_open_unless_settled(importer):
    page = text_of(importer.post("/import/", {"text": CALL, "preview": "1"}))
    assert "“Mohamed”, attendee for TSP, could be several people:" in page
    importer.post("/import/", {"text": CALL, "save": "1"})
    mohamed = Attendance.objects.get(meeting__date="2013-06-06", written_as="Mohamed")
    assert mohamed.person is None
    assert sorted(p.label for p in mohamed.candidates.all()) == [
        "Mohamed (TSP, 1)",
        "Mohamed (TSP, 2)",
    ]
    report = text_of(importer.get(mohamed.meeting.get_absolute_url()))
    assert "TSP: Mohamed (which one? Mohamed (TSP, 1) or Mohamed (TSP, 2)), Sami" in report


def test_the_importer_may_say_which_mohamed_came(importer):
    second = (
        Meeting.objects.get(date="2013-05-16")
        .attendances.filter(written_as="Mohamed", organisation__name="TSP")[1]
        .person
    )
    assert second is not None
    importer.post("/import/", {"text": CALL, "save": "1", "attendee-1": str(second.pk)})
    assert Attendance.objects.get(meeting__date="2013-06-06", written_as="Mohamed").person == second


def test_it_can_be_a_separate_meeting(importer):
    placeholder = Meeting.objects.get(date="2013-06-06")
    importer.post("/import/", {"text": CALL, "save": "1", "placeholder-separate": "1"})
    assert Meeting.objects.filter(date="2013-06-06").count() == 2
    placeholder.refresh_from_db()
    assert placeholder.title == "Weekly meeting"


def test_actions_stay_in_the_order_the_minutes_give_them(importer):
    text = (
        "Board call, 4 March 2079\n\n1) Budget\n"
        "ACTION: Ann to send the figures\n"
        "The treasurer explained the figures.\n"
        "ACTION: Bob to check them\n"
    )
    importer.post("/import/", {"text": text, "save": "1"})
    meeting = Meeting.objects.get(date="2079-03-04")
    page = text_of(importer.get(meeting.get_absolute_url()))
    first, second = page.index("Send the figures"), page.index("Check them")
    assert first < page.index("The treasurer explained the figures.") < second

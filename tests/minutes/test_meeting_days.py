"""A meeting held over several days: "14-15 January 2019" is two days, from the first to the
last, on the page, in the calendar and in the Markdown that imports back."""

import datetime

import icalendar
import pytest
from django.db import IntegrityError, transaction

from coflight.meetings.models import Meeting
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save

pytestmark = pytest.mark.django_db

BODY = "\n\nPresent: Ann Lee\n\n1. Welcome\nAnn Lee to send the notes.\n"


@pytest.mark.parametrize(
    ("head", "title", "first", "last"),
    [
        ("OpenStack PTG, 14-15 January 2019", "OpenStack PTG", "2019-01-14", "2019-01-15"),
        ("OpenStack PTG\n\n- **Dates**: January 14–15, 2019", "OpenStack PTG", "2019-01-14",
         "2019-01-15"),
        ("Retreat, 30 December 2019 – 2 January 2020", "Retreat", "2019-12-30", "2020-01-02"),
        ("Summit, 2019-01-14 to 2019-01-16", "Summit", "2019-01-14", "2019-01-16"),
        ("Call, 3 May 2024, 10:00-11:00", "Call", "2024-05-03", None),
        ("Season, 1 May 2024 - 30 June 2024", "Season", "2024-05-01", None),
    ],
)  # fmt: skip
def test_a_range_of_days_is_read_as_the_first_and_the_last(head, title, first, last):
    report = parse(head + BODY)
    assert (report.title, str(report.date), report.last_day and str(report.last_day)) == (
        title,
        first,
        last,
    )


def test_a_two_day_meeting_shows_both_days_and_is_two_days_in_the_calendar(client):
    meeting = import_save(parse("OpenStack PTG, 14-15 January 2019" + BODY))
    assert (meeting.date, meeting.last_day) == (
        datetime.date(2019, 1, 14),
        datetime.date(2019, 1, 15),
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'Monday 14 January 2019</time> – <time datetime="2019-01-15">Tuesday 15 January' in page
    (event,) = icalendar.Calendar.from_ical(client.get(f"/meetings/{meeting.pk}.ics").content).walk(
        "VEVENT"
    )
    assert event.decoded("dtstart") == datetime.date(2019, 1, 14)
    assert event.decoded("dtend") == datetime.date(2019, 1, 16)


def test_its_markdown_imports_back_into_the_same_two_days(client):
    meeting = import_save(parse("Retreat, 30 December 2019 – 2 January 2020" + BODY))
    exported = client.get(f"/meetings/{meeting.pk}.md").content.decode()
    assert exported.startswith("# Retreat, 30 December 2019 – 2 January 2020\n")
    again = import_save(parse(exported), replace=True)
    assert (again.pk, again.title, again.date, again.last_day) == (
        meeting.pk,
        "Retreat",
        datetime.date(2019, 12, 30),
        datetime.date(2020, 1, 2),
    )


def test_a_last_day_before_the_first_is_refused_by_the_database():
    meeting = import_save(parse("Call, 3 May 2024" + BODY))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Meeting.objects.filter(pk=meeting.pk).update(last_day=meeting.date)

"""What a list of who came says beside a name (a role, initials, when someone left) is kept on
their attendance, shown on the meeting page, and exported so that it imports back."""

import datetime

import pytest
from django.utils import timezone

from coflight.meetings.models import Attendance
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save

pytestmark = pytest.mark.django_db

MINUTES = (
    "Steering call, 3 May 2024\n\n"
    "Present:\n"
    "- Shane Carr - Google i18n (SFC), Moderator\n"
    "- Ann Lee (left at 11:04), Bob Stone (joined 10:30)\n"
    "- Sync\n"
    "  - @idabzo\n\n"
    "1. Welcome\n"
    "SFC opened the call.\n"
)


def attendances() -> list[tuple[str, str, str, str | None, str | None]]:
    def at(moment: datetime.datetime | None) -> str | None:
        return f"{timezone.localtime(moment):%H:%M}" if moment else None

    return [
        (a.written_as, a.organisation.name if a.organisation else "", a.note, at(a.arrived_at),
         at(a.left_at))
        for a in Attendance.objects.order_by("position")
    ]  # fmt: skip


def test_a_role_initials_and_comings_and_goings_are_noted_and_left_at_is_a_departure():
    import_save(parse(MINUTES))
    assert attendances() == [
        ("Shane Carr", "Google i18n", "SFC, Moderator", None, None),
        ("Ann Lee", "", "left at 11:04", None, "11:04"),
        ("Bob Stone", "", "joined 10:30", "10:30", None),
        ("@idabzo", "", "Sync", None, None),
    ]


def test_the_meeting_page_shows_the_note_escaped(client):
    meeting = import_save(parse(MINUTES.replace("Moderator", "<b>Moderator</b>")))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert '<span class="muted">(SFC, &lt;b&gt;Moderator&lt;/b&gt;)</span>' in page
    assert "<b>Moderator</b>" not in page


def test_the_notes_come_back_from_the_markdown_export(client):
    meeting = import_save(parse(MINUTES))
    before = attendances()
    exported = client.get(f"/meetings/{meeting.pk}.md").content.decode()
    assert "- Google i18n: Shane Carr (SFC, Moderator)" in exported
    import_save(parse(exported), replace=True)
    assert attendances() == before


def test_the_preview_shows_the_notes(client, staff):
    client.force_login(staff)
    page = client.post("/import/", {"text": MINUTES}).content.decode()
    assert (
        'Shane Carr <span class="badge">new</span> <span class="muted">(SFC, Moderator)</span>'
        in (page)
    )
    assert '<span class="muted">(left at 11:04)</span>' in page

"""A meeting planned, held and published in coflight exports to Markdown that imports back into
that same meeting: same address, same facts."""

import pytest

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings import services
from coflight.meetings.models import Attendance, Meeting
from coflight.minutes import capture
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save
from coflight.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(report) -> Meeting:
    weekly = Meeting.objects.get(date="2013-05-30")
    stuart = Person.objects.get(given_name="Stuart")
    jamie = Person.objects.filter(given_name="Jamie").earliest("pk")
    for person in (stuart, jamie):
        services.invite(weekly, person)
    review = services.add_item(weekly, title="Action review", duration=10)
    release = services.add_item(weekly, title="Release", duration=20)
    services.add_item(weekly, title="Packaging", parent=release)
    services.start(weekly)
    services.call(weekly, stuart, "present")
    services.call(weekly, jamie, "excused")
    weekly.refresh_from_db()
    review.refresh_from_db()
    review.write_minutes("Action 6 is done.", review.version)
    release.refresh_from_db()
    release.write_minutes("The release is ready.\n\nIt ships on Monday.", release.version)
    for line in [
        "Action: Stuart to send the release notes, by 6 June",
        "Decision: all participants agreed to ship",
    ]:
        captured = capture.read(line, weekly)
        assert captured.ready, captured.problems
        capture.save(captured, weekly, release)
    services.add_material(release, title="Release notes", url="https://example.org/notes.pdf")
    services.end(weekly)
    services.publish(weekly)
    release.refresh_from_db()
    services.amend_minutes(
        release,
        release.minutes + "\n\nIt shipped on Tuesday.",
        version=release.version,
        reason="Shipped a day late",
        by=None,
    )
    return Meeting.objects.get(pk=weekly.pk)


def facts(meeting: Meeting) -> dict:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return {
        "meeting": (
            meeting.pk,
            meeting.title,
            meeting.kind,
            meeting.series_id,
            meeting.date,
            meeting.starts_at,
            meeting.ends_at,
            meeting.status,
            meeting.venue,
            meeting.dial_in,
        ),
        "attendees": [
            (a.organisation_id, a.person_id, a.written_as)
            for a in Attendance.objects.filter(meeting=meeting).order_by("position")
        ],
        "agenda": [
            (i.number, i.title, i.minutes) for i in meeting.agenda_items.order_by("position")
        ],
        "actions": [
            (
                a.agenda_item.number,
                a.after_paragraph,
                a.text,
                a.status,
                a.due_date,
                [(o.person_id, o.is_lead) for o in Ownership.objects.filter(action=a)],
            )
            for a in Action.objects.filter(meeting=meeting).order_by("position")
        ],
        "materials": [
            (m.agenda_item.number if m.agenda_item else None, m.title, m.url)
            for m in meeting.materials.order_by("pk")
        ],
        "amendments": [
            (a.agenda_item.number if a.agenda_item else None, a.reason)
            for a in meeting.amendments.order_by("pk")
        ],
        "decisions": [
            (d.agenda_item.number, d.after_paragraph, d.text, d.agreed_by)
            for d in Decision.objects.filter(meeting=meeting).order_by("position")
        ],
    }


def test_a_meeting_written_in_coflight_imports_back_into_itself(client, held):
    before = facts(held)
    assert before["actions"] and before["decisions"] and before["attendees"]
    due_here = list(Action.objects.filter(due_meeting=held).values_list("pk", flat=True))
    assert due_here  # action 6 of 16 May
    text = client.get(f"/meetings/{held.pk}.md").content.decode()
    meeting = import_save(parse(text), replace=True)
    assert meeting.pk == held.pk
    after = facts(meeting)
    for key in before:
        assert after[key] == before[key], key
    assert Meeting.objects.filter(date=held.date).count() == 1
    # What the minutes do not say stays: the actions of other meetings due at it, the invitations.
    assert list(Action.objects.filter(due_meeting=held).values_list("pk", flat=True)) == due_here
    assert list(meeting.invitations.values_list("absence", flat=True)) == ["", "excused"]


def test_changed_minutes_imported_over_published_ones_are_amendments(client, held):
    text = client.get(f"/meetings/{held.pk}.md").content.decode()
    changed = text.replace("The release is ready.", "The release is nearly ready.")
    meeting = import_save(parse(changed), replace=True)
    latest = meeting.amendments.order_by("pk").last()
    assert latest is not None
    assert (latest.item_heading, latest.reason) == (
        "2) Release",
        "Replaced by an import of the minutes.",
    )
    assert latest.minutes_before.startswith("The release is ready.")
    assert latest.minutes_after.startswith("The release is nearly ready.")
    assert latest.agenda_item == meeting.agenda_items.get(title="Release")

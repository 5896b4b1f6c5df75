"""Importing the 16 May 2013 report gives what the fixture holds, fact by fact."""

import pytest
from django.core.management import call_command

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Presentation,
    Project,
    Series,
)
from coflight.minutes.parser import parse
from coflight.minutes.services import import_plan, import_save
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from tests.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db


def person_fact(person):
    if person is None:
        return None
    return (person.given_name, person.family_name, str(person.organisation or ""))


def mention_fact(mention):
    return (
        mention.written_as,
        person_fact(mention.person),
        sorted(person_fact(c) for c in mention.candidates.all()),
    )


def meeting_fact(meeting):
    if meeting is None:
        return None
    return (
        meeting.title,
        meeting.kind,
        str(meeting.series or ""),
        meeting.number,
        meeting.date,
        meeting.starts_at,
        meeting.ends_at,
        meeting.venue,
        meeting.address,
        meeting.status,
        meeting.room,
        meeting.dial_in,
    )


def facts() -> dict:
    meeting = Meeting.objects.get(date="2013-05-16")
    return {
        "meeting": meeting_fact(meeting)
        + (meeting.summary, meeting.source_text, meeting.source_dated),
        "projects": [p.name for p in meeting.projects.all()],
        "next": meeting_fact(meeting.next_meeting),
        "organisations": sorted(Organisation.objects.values_list("name", flat=True)),
        "people": sorted(person_fact(p) for p in Person.objects.all()),
        "attendees": [
            (str(a.organisation), person_fact(a.person))
            for a in Attendance.objects.filter(meeting=meeting).order_by("position")
        ],
        "agenda": [
            (
                i.number,
                i.title,
                i.minutes,
                [mention_fact(p) for p in Presentation.objects.filter(agenda_item=i)],
            )
            for i in AgendaItem.objects.filter(meeting=meeting).order_by("position")
        ],
        "actions": [
            (
                a.position,
                a.agenda_item.number,
                a.after_paragraph,
                a.text,
                a.acting_for,
                a.status,
                a.due_date,
                meeting_fact(a.due_meeting),
                [mention_fact(o) + (o.is_lead,) for o in Ownership.objects.filter(action=a)],
            )
            for a in Action.objects.filter(meeting=meeting).order_by("position")
        ],
        "decisions": [
            (d.position, d.agenda_item.number, d.after_paragraph, d.text, d.agreed_by)
            for d in Decision.objects.filter(meeting=meeting).order_by("position")
        ],
        "follow_ups": sorted(meeting_fact(m) for m in Meeting.objects.exclude(pk=meeting.pk)),
    }


def test_importing_the_seed_gives_the_fixture_fact_by_fact():
    plan = import_plan(parse(SEED_TEXT))
    import_save(plan.report)
    imported = facts()
    for model in (Ownership, Action, Presentation, AgendaItem, Attendance):
        model.objects.all().delete()
    Meeting.objects.update(next_meeting=None)
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    Series.objects.all().delete()
    Project.objects.all().delete()
    call_command("load_seed_report", verbosity=0)
    expected = facts()
    for key in expected:
        assert imported[key] == expected[key], key


def test_the_seed_import_warns_about_what_the_report_leaves_open():
    plan = import_plan(parse(SEED_TEXT))
    warnings = "\n".join(plan.warnings)
    assert (
        "Najah (owner of action 11) is not among the attendees. A new person will be created."
        in (warnings)
    )
    assert "Action 8: its owner line is blank." in warnings
    assert "Site maintained by" not in warnings  # kept: the meeting's closing text
    written = [(c.written, c.context) for c in plan.choices]
    assert written == [
        ("Mohamed", "presenter of item 4"),
        ("Mohamed", "presenter of item 4"),
        ("Patrice", "owner of action 9"),
        ("Patrice", "owner of action 12"),
    ]

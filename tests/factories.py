"""Small `make_*` helpers for test data, and a bulk generator for query-count tests."""

import datetime
import itertools

from django.utils import timezone

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Attendance, Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

_counter = itertools.count(1)


def make_organisation(name: str | None = None) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisation {next(_counter)}")


def make_person(given_name: str = "Ada", organisation: Organisation | None = None, **kw) -> Person:
    return Person.objects.create(given_name=given_name, organisation=organisation, **kw)


def make_meeting(date: datetime.date | None = None, **kw) -> Meeting:
    kw.setdefault("title", f"Meeting {next(_counter)}")
    kw.setdefault("kind", Meeting.Kind.WORKSHOP)
    # Most tests read a meeting written up, as the reports coflight holds are.
    kw.setdefault("status", Meeting.Status.PUBLISHED)
    return Meeting.objects.create(date=date or datetime.date(2013, 5, 16), **kw)


def make_action(meeting: Meeting | None = None, owners=(), lead=None, **kw) -> Action:
    meeting = meeting or make_meeting()
    kw.setdefault("text", f"Action text {next(_counter)}")
    if "position" not in kw:
        kw["position"] = meeting.actions.count() + 1
    action = Action.objects.create(meeting=meeting, **kw)
    for position, person in enumerate(owners, 1):
        Ownership.objects.create(
            action=action,
            person=person,
            written_as=person.given_name,
            position=position,
            is_lead=person == lead,
        )
    return action


def make_bulk(factor: int = 50, seed_counts=(11, 30, 4, 13)) -> None:
    """Adds `factor` times the report's organisations, people, meetings and actions.

    Each meeting gets attendees, agenda items and actions with two to three owners, some
    of them ambiguous, so every page's related lists grow with it.
    """
    n_orgs, n_people, n_meetings, n_actions = (factor * n for n in seed_counts)
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bulk organisation {i}") for i in range(n_orgs)
    )
    people = Person.objects.bulk_create(
        Person(given_name=f"Person{i}", family_name="Bulk", organisation=orgs[i % n_orgs])
        for i in range(n_people)
    )
    start = datetime.date(2010, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Bulk meeting {i}",
            kind=Meeting.Kind.WEEKLY_CALL,
            status=Meeting.Status.PUBLISHED,
            date=start + datetime.timedelta(days=7 * i),
            starts_at=timezone.make_aware(
                datetime.datetime.combine(start + datetime.timedelta(days=7 * i), datetime.time(16))
            ),
        )
        for i in range(n_meetings)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=people[(i * 7 + j) % n_people], position=j)
        for i, m in enumerate(meetings)
        for j in range(6)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, label=str(j), position=j, title=f"Item {j}", minutes="Said.")
        for m in meetings
        for j in (1, 2)
    )
    actions = Action.objects.bulk_create(
        Action(
            meeting=meetings[i % n_meetings],
            agenda_item=items[(i % n_meetings) * 2],
            position=i // n_meetings + 1,
            text=f"Bulk action {i}",
            due_meeting=meetings[(i + 1) % n_meetings],
            status=[s for s, _ in Action.Status.choices][i % 4],
        )
        for i in range(n_actions)
    )
    ownerships = Ownership.objects.bulk_create(
        Ownership(
            action=a,
            person=None if j == 2 else people[(i * 3 + j) % n_people],
            written_as="Someone",
            position=j,
            is_lead=j == 0,
        )
        for i, a in enumerate(actions)
        for j in range(3 if i % 2 else 2)
    )
    Ownership.candidates.through.objects.bulk_create(
        Ownership.candidates.through(ownership=o, person=people[k])
        for o in ownerships
        if o.person is None
        for k in (0, 1)
    )

"""The invariants the database itself enforces, whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem, Attendance, Meeting, Series
from tests.conftest import action_no, person
from tests.factories import make_action, make_meeting, make_person

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_an_action_has_at_most_one_lead(report):
    action = action_no(1)
    refused(
        lambda: Ownership.objects.create(
            action=action, person=person("Stuart"), written_as="Stuart", is_lead=True
        )
    )
    assert action.ownerships.filter(is_lead=True).count() == 1


def test_two_actions_may_each_have_their_own_lead(db):
    ada, bob = make_person("Ada"), make_person("Bob")
    make_action(owners=[ada], lead=ada)
    make_action(owners=[bob], lead=bob)
    assert Ownership.objects.filter(is_lead=True).count() == 2


def test_a_person_owns_an_action_once(report):
    refused(
        lambda: Ownership.objects.create(
            action=action_no(4), person=person("Stuart"), written_as="Stuart"
        )
    )


def test_several_unidentified_owners_may_share_an_action(report):
    Ownership.objects.create(action=action_no(4), written_as="Patrice")
    Ownership.objects.create(action=action_no(4), written_as="Patrice")
    assert action_no(4).ownerships.filter(person=None).count() == 2


def test_a_person_attends_a_meeting_once(report):
    refused(lambda: Attendance.objects.create(meeting=report, person=person("Samir")))


def test_the_same_person_may_attend_two_meetings(report):
    Attendance.objects.create(meeting=make_meeting(), person=person("Samir"))
    assert person("Samir").attendances.count() == 2


def test_a_meeting_cannot_end_before_it_starts(db):
    start = timezone.make_aware(datetime.datetime(2013, 5, 16, 9))
    refused(lambda: make_meeting(starts_at=start, ends_at=start - datetime.timedelta(minutes=1)))


def test_a_meeting_cannot_have_an_end_without_a_start(db):
    refused(lambda: make_meeting(ends_at=timezone.now()))


def test_a_series_numbers_its_meetings_once(report):
    series = Series.objects.get(name="CompatibleOne 2013 & Beyond")
    refused(lambda: make_meeting(series=series, number=3))


def test_an_agenda_number_is_used_once_per_level(report):
    refused(lambda: AgendaItem.objects.create(meeting=report, label="2", title="Again"))
    parent = AgendaItem.objects.get(meeting=report, label="2", parent=None)
    refused(lambda: AgendaItem.objects.create(meeting=report, parent=parent, label="a", title="x"))
    AgendaItem.objects.create(meeting=report, parent=parent, label="e", title="Extra")


def test_an_action_number_is_used_once_per_meeting(report):
    refused(lambda: Action.objects.create(meeting=report, position=1, text="Twin"))


def test_an_unknown_status_is_refused(report):
    refused(lambda: Action.objects.filter(pk=action_no(1).pk).update(status="finished"))


def test_a_person_with_actions_cannot_be_deleted_by_accident(report):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        person("Samir").delete()


def test_validation_keeps_a_meetings_start_on_its_date(db):
    from django.core.exceptions import ValidationError

    meeting = Meeting(
        title="x",
        kind="workshop",
        date=datetime.date(2013, 5, 16),
        starts_at=timezone.make_aware(datetime.datetime(2013, 5, 17, 9)),
    )
    with pytest.raises(ValidationError, match="start must fall on the meeting's date"):
        meeting.full_clean()

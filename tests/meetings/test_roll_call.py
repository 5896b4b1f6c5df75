"""Invitations, then the roll call: present (with arrival and departure), excused or absent;
guests added; mistakes corrected."""

import datetime
import zoneinfo

import pytest
from django.test import Client

from coflight.meetings.models import Attendance, Invitation, Meeting
from tests.conftest import HTMX, person, text_of

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def weekly(report) -> Meeting:
    return Meeting.objects.get(date="2013-05-30")


@pytest.fixture
def secretary_client(weekly, secretary) -> Client:
    client = Client()
    client.force_login(secretary)
    return client


def mark(client, meeting, someone, presence, **times):
    return client.post(
        f"/meetings/{meeting.pk}/roll-call/mark/",
        {"person": someone.pk, "presence": presence, **times},
        **HTMX,
    )


def test_invitees_are_listed_on_the_planned_meetings_page(secretary_client, weekly):
    for name in ("Stuart", "Jamie"):
        secretary_client.post(
            f"/meetings/{weekly.pk}/invitations/add/", {"person": person(name).pk}
        )
    page = text_of(Client().get(weekly.get_absolute_url()))
    assert "Invited 2" in page
    assert "Stuart" in page and "Jamie" in page


def test_the_roll_call_marks_each_invitee_and_keeps_the_times(secretary_client, weekly):
    stuart, jamie, marc = person("Stuart"), person("Jamie"), person("Marc")
    for someone in (stuart, jamie, marc):
        secretary_client.post(f"/meetings/{weekly.pk}/invitations/add/", {"person": someone.pk})
    assert (
        mark(secretary_client, weekly, stuart, "present", arrived="16:02", left="17:04").status_code
        == 200
    )
    mark(secretary_client, weekly, jamie, "excused")
    mark(secretary_client, weekly, marc, "absent")
    attendance = Attendance.objects.get(meeting=weekly, person=stuart)
    assert attendance.arrived_at == datetime.datetime(2013, 5, 30, 16, 2, tzinfo=PARIS)
    assert attendance.left_at == datetime.datetime(2013, 5, 30, 17, 4, tzinfo=PARIS)
    assert attendance.organisation == stuart.organisation
    absences = dict(weekly.invitations.values_list("person__given_name", "absence"))
    assert absences == {"Stuart": "", "Jamie": "excused", "Marc": "absent"}
    assert not Attendance.objects.filter(meeting=weekly, person__in=[jamie, marc]).exists()


def test_a_mistake_is_corrected(secretary_client, weekly):
    stuart = person("Stuart")
    secretary_client.post(f"/meetings/{weekly.pk}/invitations/add/", {"person": stuart.pk})
    mark(secretary_client, weekly, stuart, "present")
    mark(secretary_client, weekly, stuart, "excused")
    assert not weekly.attendances.exists()
    mark(secretary_client, weekly, stuart, "present")
    assert weekly.attendances.count() == 1
    assert weekly.invitations.get().absence == ""


def test_a_guest_is_added_present(secretary_client, weekly):
    response = mark(secretary_client, weekly, person("Najah"), "present")
    assert "Guests 1" in text_of(response)
    assert weekly.attendances.get().person == person("Najah")
    assert not weekly.invitations.exists()


def test_leaving_before_arriving_is_refused(secretary_client, weekly):
    response = mark(
        secretary_client, weekly, person("Stuart"), "present", arrived="17:00", left="16:00"
    )
    assert response.status_code == 409
    assert "They cannot leave before they arrive." in text_of(response)
    assert not weekly.attendances.exists()


def test_someone_who_came_is_not_uninvited(secretary_client, weekly):
    stuart = person("Stuart")
    secretary_client.post(f"/meetings/{weekly.pk}/invitations/add/", {"person": stuart.pk})
    mark(secretary_client, weekly, stuart, "present")
    response = secretary_client.post(
        f"/meetings/{weekly.pk}/invitations/remove/", {"person": stuart.pk}, **HTMX
    )
    assert response.status_code == 409
    assert Invitation.objects.filter(meeting=weekly, person=stuart).exists()


def test_a_person_who_does_not_exist_is_explained(secretary_client, weekly):
    response = secretary_client.post(
        f"/meetings/{weekly.pk}/roll-call/mark/", {"person": 99999, "presence": "present"}, **HTMX
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_the_roll_call_page_finds_people_to_invite(secretary_client, weekly):
    page = text_of(secretary_client.get(f"/meetings/{weekly.pk}/roll-call/?q=Stuart"))
    assert "Invite Stuart" in page and "Add as a guest, present Stuart" in page

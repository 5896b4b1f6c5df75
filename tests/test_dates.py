"""Dates are checked where they are entered: the year 9999 is a slip, and one such date used to
break every calendar feed that held it."""

import pytest
from django.urls import reverse

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.minutes.parser import find_date
from tests.conftest import action_no, text_of

pytestmark = pytest.mark.django_db

MESSAGE = "Enter a date between 1900 and 2199."


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_a_member_cannot_make_an_action_due_at_the_end_of_time(client, member, day):
    client.force_login(member)
    action = action_no(13)
    url = reverse("actions:due", args=[action.pk])
    response = client.post(url, {"version": action.version, "due_date": day})
    assert response.status_code == 400
    assert MESSAGE in text_of(response)
    assert Action.objects.get(pk=action.pk).due_date is None


def test_the_last_plausible_day_is_accepted(client, member):
    client.force_login(member)
    action = action_no(13)
    url = reverse("actions:due", args=[action.pk])
    assert (
        client.post(url, {"version": action.version, "due_date": "2199-12-31"}).status_code == 302
    )


def test_staff_cannot_enter_such_a_meeting_in_the_admin(client, superuser, db):
    client.force_login(superuser)
    response = client.post(
        "/admin/meetings/meeting/add/",
        {
            "title": "Far away",
            "kind": "other",
            "date": "9999-12-31",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Meeting.objects.exists()


def test_imported_minutes_do_not_take_such_a_date(importer_client):
    assert find_date("31 December 9999")[0] is None
    response = importer_client.post(
        "/import/", {"text": "Board call, 31 December 9999\n\nACTION: Ann to wait\n", "save": "1"}
    )
    # No date it can take: it is asked for, and nothing is saved until it is given.
    assert response.status_code == 409
    assert "give the date of the meeting" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.fixture
def importer_client(client, staff):
    client.force_login(staff)
    return client

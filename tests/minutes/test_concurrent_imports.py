"""Imports take turns: a double-click on Save, or four people saving the same minutes, makes one
meeting and its people once. On SQLite and on PostgreSQL alike."""

import pytest
from django.test import Client

from coflight.meetings.models import Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from tests.conftest import at_once

pytestmark = pytest.mark.django_db(transaction=True)

SYNC_CALL = """Project sync call, 4 March 2079

Present: Ann, Bob

1) Roadmap

ACTION: Ann to draft the roadmap
"""

NUMBERED = """The 7th Nimbus Steering workshop, 4 March 2079

Present:
- Nimbus Labs: Ann, Bob

1) Roadmap

ACTION: Ann to draft the roadmap
"""


def importer(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def four_staff(django_user_model):
    from django.contrib.auth.models import Group

    from coflight.accounts.roles import MEMBERS, STAFF

    users = []
    for n in range(4):
        user = django_user_model.objects.create_user(f"staff{n}", is_staff=True)
        user.groups.add(*Group.objects.filter(name__in=[MEMBERS, STAFF]))
        users.append(user)
    return users


@pytest.mark.parametrize("minutes", [SYNC_CALL, NUMBERED], ids=["plain", "numbered, new org"])
def test_four_saves_at_once_make_one_meeting_and_the_others_hear_it_is_there(four_staff, minutes):
    clients = [importer(user) for user in four_staff]

    def save(client: Client) -> int:
        return client.post("/import/", {"text": minutes, "save": "1"}).status_code

    statuses = at_once(*(lambda c=c: save(c) for c in clients))
    assert sorted(statuses) == [302, 409, 409, 409]
    assert Meeting.objects.filter(date="2079-03-04").count() == 1
    assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Ann", "Bob"]
    assert Organisation.objects.filter(name="Nimbus Labs").count() == (minutes == NUMBERED)


def test_two_different_minutes_saved_at_once_share_the_people_they_name(four_staff):
    first, second = importer(four_staff[0]), importer(four_staff[1])
    other = SYNC_CALL.replace("4 March 2079", "11 March 2079")
    statuses = at_once(
        lambda: first.post("/import/", {"text": SYNC_CALL, "save": "1"}).status_code,
        lambda: second.post("/import/", {"text": other, "save": "1"}).status_code,
    )
    assert statuses == [302, 302]
    assert Meeting.objects.filter(title="Project sync call").count() == 2
    assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Ann", "Bob"]

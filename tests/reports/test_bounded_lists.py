"""However long someone's record, their page shows a bounded part of each list, says how many
there are, and links to the rest."""

import datetime
import re

import pytest

from coflight.meetings.models import Attendance
from coflight.organisations.models import Organisation
from tests.conftest import person, text_of
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_lists(settings):
    settings.COFLIGHT_LIST_LIMIT = 2


def cards(html: str, heading_id: str) -> int:
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return len(re.findall(r'<article class="action', section))


def test_a_persons_open_actions_are_bounded_with_a_link_to_them_all(client, report, short_lists):
    jean_pierre = person("Jean-Pierre")
    response = client.get(jean_pierre.get_absolute_url())
    html, page = response.content.decode(), text_of(response)
    assert "Open actions they co-own 7" in page
    assert cards(html, "owned-heading") == 2
    assert "Showing the 2 due soonest of 7; see them all in the action list." in page
    assert f'href="/actions/?status=not_closed&amp;owner={jean_pierre.pk}"' in html
    assert cards(html, "lead-heading") == 1
    assert "Open actions they lead 1" in page
    listed = client.get(f"/actions/?status=not_closed&owner={jean_pierre.pk}")
    assert "8 actions" in text_of(listed)


def test_the_meetings_they_attended_come_a_page_at_a_time(client, report, short_lists):
    najah = person("Najah")
    for day in (1, 2, 3):
        meeting = make_meeting(date=datetime.date(2013, 7, day), title=f"July {day}")
        Attendance.objects.create(meeting=meeting, person=najah, written_as="Najah")
    first = client.get(najah.get_absolute_url())
    page = text_of(first)
    assert "Meetings attended 3" in page
    assert "July 3, 3 July 2013" in page and "July 2, 2 July 2013" in page
    assert "July 1" not in page
    assert 'href="?meetings=2#attendances-heading"' in first.content.decode()
    second = text_of(client.get(najah.get_absolute_url(), {"meetings": "2"}))
    assert "July 1, 1 July 2013" in second and "July 3" not in second
    assert "Page 2 of 2" in second


def test_the_actions_that_may_be_theirs_are_bounded(client, report, settings):
    settings.COFLIGHT_LIST_LIMIT = 1
    patrice = person("Patrice", "Université de Savoie")
    response = client.get(patrice.get_absolute_url())
    page = text_of(response)
    assert "Actions that may be theirs 2" in page
    assert cards(response.content.decode(), "possible-heading") == 1
    assert "Showing the latest 1 of 2; see them all in the action list." in page


def test_an_organisations_actions_and_people_are_bounded(client, report, settings):
    settings.COFLIGHT_LIST_LIMIT = 1
    tsp = Organisation.objects.get(name="TSP")
    response = client.get(tsp.get_absolute_url())
    html, page = response.content.decode(), text_of(response)
    counted = re.search(r'actions-heading">Their actions <span class="count">(\d+)', html)
    assert counted is not None
    total = int(counted[1])
    assert total > 1
    assert cards(html, "actions-heading") == 1
    assert f"Showing the latest 1 of {total}; see them all in the action list." in page
    assert f'href="/actions/?organisation={tsp.pk}"' in html
    assert "People 5" in page

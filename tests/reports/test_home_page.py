import datetime

import pytest
from django.utils import timezone

from tests.conftest import FRESH_PAGE, text_of
from tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db


def test_it_lists_the_report_and_its_follow_ups_as_past_meetings(client, report):
    response = client.get("/")
    assert response.status_code == 200
    past = response.context["past"]
    assert [m.date.isoformat() for m in past] == [
        "2013-06-13",
        "2013-06-06",
        "2013-05-30",
        "2013-05-16",
    ]
    assert not response.context["upcoming"]
    assert "No meeting is planned." in response.content.decode()


def test_it_shows_each_meetings_count_of_open_actions(client, report):
    for status in ("done", "dropped", "in_progress"):
        action = report.actions.filter(status="open").first()
        action.status = status
        action.save()
    response = client.get("/")
    counts = {
        m.date.isoformat(): (m.open_action_count, m.open_due_count)
        for m in response.context["past"]
    }
    # Raised at the workshop, and due at the calls and the plenary that followed it.
    assert counts == {
        "2013-05-16": (11, 0),
        "2013-05-30": (0, 1),
        "2013-06-06": (0, 1),
        "2013-06-13": (0, 2),
    }
    content = response.content.decode()
    assert '<span class="phone-label">Open actions raised here: </span>11</td>' in content


def test_meetings_announced_but_not_written_up_say_so_and_no_title_repeats(client, report):
    page = text_of(client.get("/"))
    assert "Weekly meeting · CompatibleOne Core Team Weekly Conference Call · announced" in page
    assert "Plenary meeting · announced, no report yet" in page
    assert page.count("CompatibleOne Core Team Weekly Conference Call") == 2


def test_a_meeting_from_today_on_is_upcoming(client, db):
    today = timezone.localdate()
    soon = make_meeting(date=today, title="Kick-off")
    make_action(meeting=soon)
    make_meeting(date=today - datetime.timedelta(days=1), title="Yesterday")
    response = client.get("/")
    assert [m.title for m in response.context["upcoming"]] == ["Kick-off"]
    assert [m.title for m in response.context["past"]] == ["Yesterday"]


def test_it_links_to_every_meeting(client, report):
    content = client.get("/").content.decode()
    assert f'href="{report.get_absolute_url()}"' in content
    assert "CompatibleOne 2013 &amp; Beyond Workshop" in content


def test_it_takes_three_queries_whatever_the_size(client, any_size, django_assert_num_queries):
    # the page cache's revision; upcoming meetings with their counts, how many past ones, a page
    # of them with their counts
    with django_assert_num_queries(FRESH_PAGE + 3):
        assert client.get("/").status_code == 200


def test_past_meetings_come_thirty_to_a_page_newest_first(client, db):
    start = datetime.date(2012, 1, 2)
    for week in range(35):
        make_meeting(date=start + datetime.timedelta(weeks=week), title=f"Week {week}")
    first = client.get("/")
    assert [m.title for m in first.context["past"]][:2] == ["Week 34", "Week 33"]
    assert len(first.context["past"]) == 30
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?page=2#past-heading">Older meetings</a>' in first.content.decode()
    second = client.get("/", {"page": 2})
    assert [m.title for m in second.context["past"]] == [f"Week {w}" for w in range(4, -1, -1)]
    assert 'href="?page=1#past-heading">Newer meetings</a>' in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "999", ""])
def test_a_page_number_out_of_range_shows_a_real_page(client, report, page):
    response = client.get("/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["past"]) == 4


def test_the_favicon_browsers_ask_for_is_there(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content

import pytest
from django.urls import reverse

from coflight.meetings.models import Meeting
from tests.conftest import HTMX, action_no, person, text_of

pytestmark = pytest.mark.django_db


def review_of(response) -> str:
    page = text_of(response)
    return page.split("Action review", 1)[1].split("Attendees", 1)[0]


def test_the_weekly_call_reviews_what_is_due_at_it_and_what_is_still_open(client, report):
    call = Meeting.objects.get(date="2013-05-30")
    response = client.get(call.get_absolute_url())
    review = review_of(response)
    assert "Due at this meeting 1" in review
    assert "Collect comments, modifications etc." in review.split("Still open")[0]
    assert "Still open from earlier meetings 12" in review
    assert [a.position for a in response.context["earlier_open"]] == [
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        9,
        10,
        11,
        12,
        13,
    ]


def test_closed_actions_leave_the_review(client, report):
    action_no(1).set_status("done")
    call = Meeting.objects.get(date="2013-05-30")
    assert "Still open from earlier meetings 11" in review_of(client.get(call.get_absolute_url()))


def test_the_workshop_has_nothing_earlier_to_review(client, report):
    review = review_of(client.get(report.get_absolute_url()))
    assert "No action is due at this meeting." in review
    assert "No action from an earlier meeting is open." in review


def test_from_the_review_a_member_marks_done_moves_on_or_reassigns(client, member, report):
    client.force_login(member)
    call = Meeting.objects.get(date="2013-05-30")
    weekly = Meeting.objects.get(date="2013-06-06")
    content = client.get(call.get_absolute_url()).content.decode()
    assert content.count("/controls/?next=") == 13
    due_here = action_no(6)
    response = client.post(
        reverse("actions:status", args=[due_here.pk]),
        {
            "version": due_here.version,
            "status": "done",
            "next": call.get_absolute_url(),
            "show_origin": "1",
        },
        **HTMX,
    )
    assert "Status changed from Open to Done." in text_of(response)
    assert "From CompatibleOne 2013 & Beyond Workshop" in text_of(response)
    kept_open = action_no(4)
    client.post(
        reverse("actions:due", args=[kept_open.pk]),
        {"version": kept_open.version, "due_meeting": weekly.pk},
    )
    assert action_no(4).due_meeting == weekly
    reassigned = action_no(13)
    client.post(
        reverse("actions:add_owner", args=[reassigned.pk]),
        {"version": reassigned.version, "person": person("Marc").pk, "lead": "on"},
    )
    assert action_no(13).ownerships.get(is_lead=True).person == person("Marc")
    review = review_of(client.get(call.get_absolute_url()))
    due_section, earlier_section = review.split("Still open from earlier meetings")
    assert "Status Done" in due_section
    assert earlier_section.startswith(" 12 ")


def test_a_long_review_is_counted_up_to_a_bound_and_links_to_the_rest(client, report, monkeypatch):
    monkeypatch.setattr("coflight.reports.views.REVIEW_COUNTED", 5)
    call = Meeting.objects.get(date="2013-05-30")
    review = review_of(client.get(call.get_absolute_url()))
    assert "Still open from earlier meetings more than 5" in review
    assert "Showing the 12 most recent of more than 5; see them all in the action list." in review

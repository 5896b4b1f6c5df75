"""Pages are rendered once for everyone who may do the same, keyed by what they show:
an edit in one meeting leaves the other meetings' pages cached, and shows at once where it is."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from coflight.accounts.roles import MEMBERS
from coflight.meetings.models import Attendance, Meeting
from coflight.pagecache import shared
from tests.conftest import action_no, person, text_of
from tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db


def revisions() -> dict[str, str | None]:
    return {
        meeting.title: Meeting.page_revision_of(meeting.pk) for meeting in Meeting.objects.all()
    }


@pytest.fixture
def meetings(report):
    """The seed's four meetings, one earlier and a live one after them all."""
    make_meeting(date=datetime.date(2013, 1, 10), title="Earlier")
    live = make_meeting(date=datetime.date(2013, 9, 1), title="Live")
    make_action(meeting=live, text="Decided live")
    return revisions()


def changed(before: dict[str, str | None]) -> set[str]:
    after = revisions()
    return {title for title in after if after[title] != before[title]}


def test_an_edit_in_the_live_meeting_leaves_every_other_page_cached(meetings):
    live_action = Meeting.objects.get(title="Live").actions.get()
    live_action.set_text("Decided live, reworded")
    assert changed(meetings) == {"Live"}


def test_an_open_action_shows_on_its_meetings_page_and_every_later_one(meetings):
    action_no(1).set_status("done")
    assert changed(meetings) == {
        "CompatibleOne 2013 & Beyond Workshop",
        "CompatibleOne Core Team Weekly Conference Call",
        "Weekly meeting",
        "Plenary meeting",
        "Live",
    }


def test_moving_what_is_due_changes_both_meetings_pages(meetings):
    earlier = Meeting.objects.get(title="Earlier")
    live_action = Meeting.objects.get(title="Live").actions.get()
    live_action.set_due(None, earlier)
    assert changed(meetings) == {"Live", "Earlier"}
    before = revisions()
    live_action = Meeting.objects.get(title="Live").actions.get()
    live_action.set_due(None, None)
    assert changed(before) == {"Live", "Earlier"}


def test_who_came_changes_only_that_meetings_page(meetings):
    Attendance.objects.create(meeting=Meeting.objects.get(title="Earlier"), written_as="Ann")
    assert changed(meetings) == {"Earlier"}


def test_a_new_name_changes_every_page(meetings):
    jean_pierre = person("Jean-Pierre")
    jean_pierre.note = "Bull's CTO"
    jean_pierre.save()
    assert changed(meetings) == set(meetings)


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def card(client: Client, action) -> str:
    html = client.get(reverse("meetings:detail", args=[action.meeting_id])).content.decode()
    start = html.index(f'id="action-{action.pk}"')
    return html[start : html.index("</article>", start)]


def test_a_members_edit_is_on_the_next_page_of_every_member(member_client, report, staff):
    colleague = Client()
    colleague.force_login(staff)
    action = action_no(4)
    assert "status-done" not in card(member_client, action)
    assert "status-done" not in card(colleague, action)
    response = member_client.post(
        reverse("actions:status", args=[action.pk]), {"version": action.version, "status": "done"}
    )
    assert response.status_code == 302
    assert "status-done" in card(member_client, action)
    assert "status-done" in card(colleague, action)


def test_leaving_the_members_takes_the_controls_away_at_once(member_client, member, report):
    assert "/controls/" in card(member_client, action_no(4))
    member.groups.remove(Group.objects.get(name=MEMBERS))
    assert "/controls/" not in card(member_client, action_no(4))
    member.groups.add(Group.objects.get(name=MEMBERS))
    assert "/controls/" in card(member_client, action_no(4))


def test_a_group_losing_a_permission_takes_it_from_its_members_at_once(member_client, report):
    assert "/controls/" in card(member_client, action_no(4))
    members = Group.objects.get(name=MEMBERS)
    members.permissions.remove(Permission.objects.get(codename="change_action"))
    assert "/controls/" not in card(member_client, action_no(4))
    response = member_client.get(f"/actions/{action_no(4).pk}/controls/", HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert "Only members can change actions." in text_of(response)


def test_a_shared_page_carries_each_viewers_own_name_and_a_csrf_token_that_works(
    report, member, django_user_model, django_assert_max_num_queries
):
    colleague = django_user_model.objects.create_user("colleague", password="pw-colleague-1")
    colleague.groups.add(*member.groups.all())
    action = action_no(4)
    url = action.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(member)
    second.force_login(colleague)
    first.get(url)  # rendered, with marks where the viewer's parts go, and stored
    second.get("/")  # (their permissions, read once)
    with django_assert_max_num_queries(3):  # session, user, revision: the stored page
        page = second.get(url).content.decode()
    assert ">colleague</a>" in page and "jeanpierre" not in page
    assert "\x00" not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = second.post(
        reverse("actions:text", args=[action.pk]),
        {"csrfmiddlewaretoken": token, "version": action.version, "text": "Nominate a PM"},
    )
    assert response.status_code == 302
    assert action_no(4).text == "Nominate a PM"


def test_a_page_stored_by_the_previous_release_is_never_served(report, monkeypatch):
    reader = Client()
    monkeypatch.setattr(shared, "release", lambda: "previous")
    stored = reader.get(report.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=report.pk).update(title="Renamed behind the cache's back")
    assert "Renamed behind" not in reader.get(report.get_absolute_url()).content.decode()
    monkeypatch.setattr(shared, "release", lambda: "next")
    page = reader.get(report.get_absolute_url()).content.decode()
    assert "Renamed behind the cache&#x27;s back" in page and page != stored

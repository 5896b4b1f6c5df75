"""Members move actions along in place: with htmx a fragment, without it a redirect back."""

import datetime
import re

import pytest
from django.urls import reverse

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import Meeting
from tests.conftest import HTMX, action_no, person, text_of

pytestmark = pytest.mark.django_db


def post(client, action, name, data, *, htmx=False, next_url=None):
    data = {"version": action.version, **data}
    if next_url is not None:
        data["next"] = next_url
    url = reverse(f"actions:{name}", args=[action.pk])
    return client.post(url, data, **(HTMX if htmx else {}))


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_closing_with_a_note_redirects_back_to_the_page_it_came_from(signed_in, report):
    action = action_no(13)
    response = post(
        signed_in,
        action,
        "status",
        {"status": "done", "note": "Compared HDFS"},
        next_url=report.get_absolute_url(),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{report.get_absolute_url()}#action-{action.pk}"
    action.refresh_from_db()
    assert (action.status, action.closing_note) == ("done", "Compared HDFS")
    page = text_of(signed_in.get(response["Location"]))
    assert "Status changed from Open to Done. The note was saved." in page


def test_with_htmx_only_the_actions_fragment_comes_back_with_what_changed(signed_in, report):
    action = action_no(13)
    response = post(
        signed_in,
        action,
        "status",
        {"status": "in_progress"},
        htmx=True,
        next_url=report.get_absolute_url(),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article class="action" id="action-{action.pk}"')
    assert "<html" not in content
    assert "Status changed from Open to In progress." in text_of(response)
    assert f'name="version" value="{action.version + 1}"' in content
    assert f'name="next" value="{report.get_absolute_url()}"' in content


def test_a_reopened_action_keeps_the_note_it_was_closed_with_and_says_so(signed_in, report):
    action = action_no(4)
    post(signed_in, action, "status", {"status": "dropped", "note": "No budget"})
    action.refresh_from_db()
    assert action.closing_note == "No budget"
    page = text_of(post(signed_in, action, "status", {"status": "open"}, htmx=True))
    action.refresh_from_db()
    assert (action.status, action.closing_note) == ("open", "No budget")
    assert "Note, from when it was closed No budget" in page
    assert "Note, when closing or dropping (optional)" in page


def test_a_note_given_on_reopening_says_why(signed_in, report):
    action = action_no(4)
    post(signed_in, action, "status", {"status": "done", "note": "Stuart named"})
    action.refresh_from_db()
    page = text_of(signed_in.get(action.get_absolute_url()))
    assert "Why it is reopened (optional; it replaces the note)" in page
    post(signed_in, action, "status", {"status": "open", "note": "Stuart left"})
    action.refresh_from_db()
    assert action.closing_note == "Stuart left"


def test_a_done_action_cannot_jump_to_in_progress(signed_in, report):
    action = action_no(4)
    post(signed_in, action, "status", {"status": "done"})
    action.refresh_from_db()
    response = post(signed_in, action, "status", {"status": "in_progress"}, htmx=True)
    assert response.status_code == 400
    assert "An action that is done cannot become in progress." in text_of(response)
    action.refresh_from_db()
    assert action.status == "done"


def test_adding_an_owner_as_lead_moves_the_lead(signed_in, report):
    action = action_no(1)
    response = post(
        signed_in, action, "add_owner", {"person": person("Stuart").pk, "lead": "on"}, htmx=True
    )
    assert response.status_code == 200
    assert "Stuart (OnApp) was added as lead." in text_of(response)
    leads = action.ownerships.filter(is_lead=True)
    assert [o.person.given_name if o.person else None for o in leads] == ["Stuart"]
    assert [o.written_as for o in action.ownerships.all()] == ["Jean-Pierre", "Jamie", "Stuart"]


def test_adding_someone_who_already_owns_it_changes_nothing(signed_in, report):
    action = action_no(1)
    response = post(signed_in, action, "add_owner", {"person": person("Jamie").pk}, htmx=True)
    assert response.status_code == 400
    assert "Jamie (Prologue) already owns this action." in text_of(response)
    assert action.ownerships.count() == 2
    response = post(signed_in, action, "add_owner", {"person": "999999"}, htmx=True)
    assert response.status_code == 400
    assert "There is no person with that id." in text_of(response)
    response = post(signed_in, action, "add_owner", {}, htmx=True)
    assert "Choose a person to add." in text_of(response)


def test_removing_an_owner_and_settling_an_unidentified_one(signed_in, report):
    action = action_no(9)
    patrice = action.ownerships.get(written_as="Patrice")
    response = post(signed_in, action, "remove_owner", {"ownership": patrice.pk}, htmx=True)
    assert "Patrice is no longer an owner." in text_of(response)
    action.refresh_from_db()
    savoie = person("Patrice", "Université de Savoie")
    post(signed_in, action, "add_owner", {"person": savoie.pk})
    assert [o.person for o in action.ownerships.all()] == [person("Tatiana"), savoie]


def test_an_owner_of_another_action_cannot_be_removed_through_this_one(signed_in, report):
    other = action_no(13).ownerships.get()
    response = post(signed_in, action_no(1), "remove_owner", {"ownership": other.pk}, htmx=True)
    assert response.status_code == 400
    assert "That person is no longer an owner of this action." in text_of(response)
    assert Ownership.objects.filter(pk=other.pk).exists()


def test_choosing_the_lead_and_then_no_lead(signed_in, report):
    action = action_no(3)
    john = action.ownerships.get(written_as="John")
    response = post(signed_in, action, "lead", {"ownership": john.pk}, htmx=True)
    assert "John Thomson (OnApp) now leads the action." in text_of(response)
    assert "John (lead)" in text_of(response)
    action.refresh_from_db()
    response = post(signed_in, action, "lead", {"ownership": ""}, htmx=True)
    assert "The action has no lead now." in text_of(response)
    assert not action.ownerships.filter(is_lead=True).exists()


def test_setting_and_clearing_the_due(signed_in, report):
    action = action_no(13)
    plenary = Meeting.objects.get(date="2013-06-13")
    response = post(signed_in, action, "due", {"due_meeting": plenary.pk}, htmx=True)
    assert "Now due at Plenary meeting (13 June 2013)." in text_of(response)
    action.refresh_from_db()
    post(signed_in, action, "due", {"due_date": "2013-07-01", "due_meeting": ""})
    action.refresh_from_db()
    assert (action.due_date, action.due_meeting) == (datetime.date(2013, 7, 1), None)
    post(signed_in, action, "due", {"due_date": "", "due_meeting": ""})
    action.refresh_from_db()
    assert action.due is None


def test_a_bad_due_changes_nothing(signed_in, report):
    action = action_no(13)
    for data, message in [
        ({"due_date": "2013-02-30"}, "Enter a valid date."),
        ({"due_meeting": "424242"}, "There is no meeting with that id."),
        ({"due_meeting": report.pk}, "An action cannot be due at its own meeting."),
    ]:
        response = post(signed_in, action, "due", data, htmx=True)
        assert response.status_code == 400
        assert message in text_of(response)
    action.refresh_from_db()
    assert action.due is None


def test_editing_the_text(signed_in, report):
    action = action_no(13)
    response = post(
        signed_in, action, "text", {"text": "  Object storage: HDFS or CDMI  "}, htmx=True
    )
    assert "The action's text was changed." in text_of(response)
    action.refresh_from_db()
    assert action.text == "Object storage: HDFS or CDMI"
    response = post(signed_in, action, "text", {"text": "   "}, htmx=True)
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.text == "Object storage: HDFS or CDMI"


def test_without_javascript_an_error_shows_the_action_page_with_the_message(signed_in, report):
    action = action_no(1)
    response = post(signed_in, action, "add_owner", {"person": person("Jamie").pk})
    assert response.status_code == 400
    page = text_of(response)
    assert "Not saved: Jamie (Prologue) already owns this action." in page
    assert "History" in page


def test_a_next_url_elsewhere_is_ignored(signed_in, report):
    action = action_no(13)
    response = post(
        signed_in, action, "status", {"status": "done"}, next_url="https://evil.example/"
    )
    assert response["Location"] == f"{action.get_absolute_url()}#action-{action.pk}"


def test_the_picker_finds_people_by_name_or_organisation(signed_in, report):
    response = signed_in.get("/people/", {"q": "moha tsp", "picker": "1"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    # The two Mohameds of TSP, told apart until staff give them a note.
    assert "Mohamed (TSP, 1) Mohamed (TSP, 2)" in text_of(response)
    response = signed_in.get("/people/", {"q": "Laisné", "picker": "1"}, **HTMX)
    assert "Jean-Pierre Laisné (Bull)" in text_of(response)
    response = signed_in.get("/people/", {"q": "zzz", "picker": "1"}, **HTMX)
    assert "Nobody matches “zzz”." in text_of(response)


def test_without_javascript_the_picker_searches_through_the_action_page(signed_in, report):
    action = action_no(12)
    response = signed_in.get(action.get_absolute_url(), {"q": "Patrice"})
    content = response.content.decode()
    assert '<details open id="owners-' in content
    assert content.count('name="person"') == 2


def test_members_see_a_link_to_each_cards_controls_and_visitors_do_not(client, member, report):
    assert "/controls/" not in client.get(report.get_absolute_url()).content.decode()
    client.force_login(member)
    content = client.get(report.get_absolute_url()).content.decode()
    assert content.count("/controls/?next=/meetings/") == 13
    # The controls themselves load when opened.
    assert "Change status" not in content


def test_the_due_choices_list_later_meetings_but_not_the_actions_own(signed_in, report):
    content = signed_in.get(action_no(1).get_absolute_url()).content.decode()
    select = content.split('name="due_meeting"')[1].split("</select>")[0]
    assert "Plenary meeting, 13 Jun 2013" in select
    assert "CompatibleOne 2013 &amp; Beyond Workshop" not in select


def test_every_change_is_kept_by_the_version(signed_in, report):
    action = action_no(2)
    before = action.version
    post(signed_in, action, "lead", {"ownership": action.ownerships.get(written_as="Jamie").pk})
    assert Action.objects.get(pk=action.pk).version > before


def test_the_no_javascript_picker_keeps_the_page_to_return_to(signed_in, report):
    action = action_no(12)
    content = signed_in.get(
        action.get_absolute_url(), {"q": "Patrice", "next": report.get_absolute_url()}
    ).content.decode()
    assert f'name="next" value="{report.get_absolute_url()}"' in content
    content = signed_in.get(
        action.get_absolute_url(), {"q": "Patrice", "next": "https://evil.example/"}
    ).content.decode()
    assert 'name="next" value="https://evil.example/"' not in content


@pytest.mark.parametrize(
    ("name", "data", "panel"),
    [
        ("add_owner", {"person": "Stuart"}, "owners"),
        ("status", {"status": "in_progress"}, "status"),
        ("text", {"text": "Reworded"}, "text"),
    ],
)
def test_the_panel_just_used_stays_open_for_the_next_change(signed_in, report, name, data, panel):
    action = action_no(13)
    if "person" in data:
        data = {"person": person(data["person"]).pk}
    content = post(signed_in, action, name, data, htmx=True).content.decode()
    opened = re.findall(r"<details open[^>]*>\s*<summary>([^<]+)</summary>", content)
    expected = {"owners": "Owners", "status": "Change status", "text": "Edit text"}[panel]
    assert opened == [expected]


def test_on_the_action_page_an_edit_brings_the_history_along(signed_in, report):
    action = action_no(13)
    url = reverse("actions:status", args=[action.pk])
    data = {"version": action.version, "status": "done", "note": "HDFS", "on_action_page": "1"}
    content = signed_in.post(url, data, **HTMX).content.decode()
    assert 'id="history" hx-swap-oob="true"' in content
    assert "HDFS" in content.split('id="history"')[1]
    elsewhere = post(signed_in, Action.objects.get(pk=action.pk), "text", {"text": "x"}, htmx=True)
    assert 'id="history"' not in elsewhere.content.decode()

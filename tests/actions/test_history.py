"""Every change to an action is kept, whoever makes it and however."""

import datetime

import pytest
from django.urls import reverse

from coflight.actions.history import action_history
from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from tests.conftest import HTMX, action_no, admin_action_form, person, text_of

pytestmark = pytest.mark.django_db


def history_of(client, action) -> str:
    page = text_of(client.get(action.get_absolute_url()))
    return page.split("History", 1)[1]


def test_the_report_is_where_each_actions_history_starts(client, report):
    entries = action_history(action_no(1))
    fixture = "Recorded in the report of this meeting; loaded with coflight's first data"
    assert [e.summary for e in entries] == [fixture]
    assert entries[0].reported_on == datetime.date(2013, 5, 16)
    # The report's day, then when (and how) coflight got it: not the loading time alone.
    history = history_of(client, action_no(1))
    assert history.startswith(f" 16 May 2013 · {fixture} (loaded into coflight on ")


def test_an_edit_on_the_page_without_javascript_is_kept_with_who_and_before_after(
    client, member, report
):
    client.force_login(member)
    action = action_no(13)
    client.post(
        reverse("actions:status", args=[action.pk]),
        {"version": action.version, "status": "done", "note": "HDFS chosen"},
    )
    history = history_of(client, action)
    assert "Jean-Pierre Laisné · Changed" in history
    assert "What Before After Status Open Done" in history
    assert "Note — HDFS chosen" in history


def test_an_htmx_edit_of_owners_and_lead_is_kept(client, member, report):
    client.force_login(member)
    action = action_no(3)
    john = action.ownerships.get(written_as="John")
    client.post(
        reverse("actions:lead", args=[action.pk]),
        {"version": action.version, "ownership": john.pk},
        **HTMX,
    )
    action.refresh_from_db()
    client.post(
        reverse("actions:add_owner", args=[action.pk]),
        {"version": action.version, "person": person("Stuart").pk},
        **HTMX,
    )
    action.refresh_from_db()
    jp = action.ownerships.get(written_as="Jean-Pierre")
    client.post(
        reverse("actions:remove_owner", args=[action.pk]),
        {"version": action.version, "ownership": jp.pk},
        **HTMX,
    )
    history = history_of(client, action)
    assert (
        "Jean-Pierre Laisné · Owner changed: John Thomson (OnApp) What Before After Lead no yes"
        in history
    )
    assert "Jean-Pierre Laisné · Owner added: Stuart (OnApp)" in history
    assert "Jean-Pierre Laisné · Owner removed: Jean-Pierre Laisné" in history
    newest_first = [history.index(s) for s in ("removed", "added", "changed")]
    assert newest_first == sorted(newest_first)


def test_an_admin_edit_is_kept_with_the_staff_member(client, superuser, report):
    client.force_login(superuser)
    action = action_no(4)
    plenary = Meeting.objects.get(date="2013-06-13")
    owner = action.ownerships.get()
    response = client.post(
        f"/admin/actions/action/{action.pk}/change/",
        {
            "meeting": action.meeting_id,
            "agenda_item": action.agenda_item_id,
            "position": action.position,
            "after_paragraph": action.after_paragraph,
            "text": action.text,
            "acting_for": "",
            "due_date": "",
            "due_meeting": plenary.pk,
            "status": "in_progress",
            "closing_note": "",
            "ownerships-TOTAL_FORMS": "1",
            "ownerships-INITIAL_FORMS": "1",
            "ownerships-MIN_NUM_FORMS": "0",
            "ownerships-MAX_NUM_FORMS": "1000",
            "ownerships-0-id": owner.pk,
            "ownerships-0-action": action.pk,
            "ownerships-0-position": 1,
            "ownerships-0-written_as": "Stuart",
            "ownerships-0-person": owner.person_id,
            "ownerships-0-is_lead": "on",
        },
    )
    assert response.status_code == 302
    history = history_of(client, action)
    assert "root · Changed" in history
    assert "Status Open In progress" in history
    assert "Due at meeting — Plenary meeting, 2013-06-13" in history
    assert "root · Owner changed: Stuart (OnApp) What Before After Lead no yes" in history


def test_a_change_through_the_model_api_is_kept_without_a_user(client, report):
    action = action_no(12)
    action.set_text("CO & Security: which use case next?")
    action.set_status(Action.Status.DROPPED, "Merged with object storage")
    entries = action_history(action)
    assert [e.who for e in entries[:2]] == [None, None]
    history = history_of(client, action)
    assert "unknown (not made through a signed-in page) · Changed" in history
    assert (
        "Text CO & Security: what's next, which use case? CO & Security: which use case next?"
        in (history)
    )
    assert "Note — Merged with object storage" in history


def test_a_plain_save_is_kept_too(report):
    action = action_no(11)
    action.status = Action.Status.IN_PROGRESS
    action.save()
    assert action.history.count() == 2
    assert action.history.first().status == "in_progress"


def test_a_new_lead_added_on_the_page_demotes_the_old_one_in_the_history(client, member, report):
    client.force_login(member)
    action = action_no(1)
    client.post(
        reverse("actions:add_owner", args=[action.pk]),
        {"version": action.version, "person": person("Geoffroy").pk, "lead": "on"},
        **HTMX,
    )
    jean_pierre = action.ownerships.get(written_as="Jean-Pierre")
    assert [r.is_lead for r in jean_pierre.history.order_by("history_id")] == [True, False]
    history = history_of(client, action)
    assert "Owner changed: Jean-Pierre Laisné (Bull) What Before After Lead yes no" in history
    assert "Owner added: Geoffroy (Thales) What Before After Lead — yes" in history


@pytest.mark.parametrize("new_lead", ["Jamie", "Jean"])
def test_moving_the_lead_in_the_admin_is_one_change_of_each_owner(
    client, superuser, report, new_lead
):
    # Action 2's owners: Jean (lead), Jonathan, James, Jamie, Jean-Pierre. Jamie comes after the
    # lead in the form, so the form saves the old lead first; moving the lead to Jean (first)
    # from Jamie makes the form save the new lead before the old one.
    client.force_login(superuser)
    action = action_no(2)
    if new_lead == "Jean":
        action.set_lead(action.ownerships.get(written_as="Jamie"))
        action.refresh_from_db()
    old_lead = action.ownerships.get(is_lead=True)
    response = client.post(
        f"/admin/actions/action/{action.pk}/change/", admin_action_form(action, new_lead)
    )
    assert response.status_code == 302
    assert action.ownerships.get(is_lead=True).written_as == new_lead
    history = history_of(client, action)
    assert f"Owner changed: {old_lead.display_name} What Before After Lead yes no" in history
    assert "Lead no yes" in history


def test_the_admin_refuses_two_leads_with_a_message(client, superuser, report):
    client.force_login(superuser)
    action = action_no(2)
    data = admin_action_form(action, "Jean") | {"ownerships-3-is_lead": "on"}
    response = client.post(f"/admin/actions/action/{action.pk}/change/", data)
    assert response.status_code == 200
    assert "Only one owner can lead an action." in response.content.decode()
    assert action.ownerships.get(is_lead=True).written_as == "Jean"

"""Nothing is silently overwritten: an edit made from an old version is refused with 409."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from coflight.actions.models import Action
from tests.conftest import HTMX, action_no, text_of


def post(client, action, name, data, version, **extra):
    url = reverse(f"actions:{name}", args=[action.pk])
    return client.post(url, {"version": version, **data}, **extra)


@pytest.fixture
def two_members(member, staff):
    first, second = Client(), Client()
    first.force_login(member)
    second.force_login(staff)
    return first, second


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [True, False])
def test_a_stale_edit_is_refused_and_shows_what_happened(two_members, report, htmx):
    first, second = two_members
    action = action_no(13)
    seen = action.version
    assert post(
        second, action, "status", {"status": "dropped", "note": "Out of scope"}, seen
    ).status_code in (200, 302)
    response = post(
        first,
        action,
        "text",
        {"text": "Object storage, HDFS first"},
        seen,
        **(HTMX if htmx else {}),
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "Your change was not saved." in page
    assert "staff changed this action at" in page
    assert "Not applied: text to “Object storage, HDFS first”." in page
    assert "Status Dropped" in page
    assert "Note Out of scope" in page
    assert "Apply my change to this version" in page
    fresh = Action.objects.get(pk=action.pk)
    assert (fresh.text, fresh.status) == ("Object Storage (HDFS, CDMI, etc.)", "dropped")
    if htmx:
        assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_the_refused_change_can_be_applied_again_in_one_click(two_members, report):
    first, second = two_members
    action = action_no(1)
    seen = action.version
    jamie = action.ownerships.get(written_as="Jamie")
    post(second, action, "text", {"text": "Record a screen cast"}, seen)
    response = post(first, action, "lead", {"ownership": jamie.pk}, seen, **HTMX)
    assert response.status_code == 409
    content = response.content.decode()
    reapply = content.split('<div class="conflict"')[1].split("</form>")[0]
    fresh = Action.objects.get(pk=action.pk)
    assert f'name="version" value="{fresh.version}"' in reapply
    assert f'name="ownership" value="{jamie.pk}"' in reapply
    response = post(first, action, "lead", {"ownership": jamie.pk}, fresh.version, **HTMX)
    assert response.status_code == 200
    assert action.ownerships.get(is_lead=True) == jamie
    assert Action.objects.get(pk=action.pk).text == "Record a screen cast"


@pytest.mark.django_db
def test_an_owner_change_makes_older_edits_stale(two_members, report):
    first, second = two_members
    action = action_no(4)
    seen = action.version
    stuart = action.ownerships.get()
    post(second, action, "remove_owner", {"ownership": stuart.pk}, seen)
    assert post(first, action, "status", {"status": "done"}, seen).status_code == 409
    assert Action.objects.get(pk=action.pk).status == "open"


@pytest.mark.django_db
def test_an_admin_or_shell_save_makes_page_edits_stale(two_members, report):
    first, _ = two_members
    action = action_no(5)
    seen = action.version
    action.text = "Publish the Flight Plan"
    action.save()
    assert post(first, action, "status", {"status": "done"}, seen).status_code == 409


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_one_wins_one_gets_409(django_user_model):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from coflight.accounts.roles import MEMBERS

    call_command("load_seed_report", verbosity=0)
    users = []
    for name in ("alice", "bob"):
        user = django_user_model.objects.create_user(name, password="pw-123-concurrent")
        user.groups.add(Group.objects.get(name=MEMBERS))
        users.append(user)
    action = action_no(13)
    seen = action.version
    barrier = threading.Barrier(2)
    results = {}

    def edit(user, data):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results[user.username] = post(client, action, "status", data, seen).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=(users[0], {"status": "done", "note": "alice"})),
        threading.Thread(target=edit, args=(users[1], {"status": "dropped", "note": "bob"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [302, 409]
    winner = next(name for name, status in results.items() if status == 302)
    fresh = Action.objects.get(pk=action.pk)
    assert fresh.closing_note == winner
    assert fresh.history.count() == 2, "exactly one edit was recorded on top of the report"

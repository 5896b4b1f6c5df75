import pytest
from django.contrib.auth.models import Group

from coflight.accounts.roles import MEMBERS, SECRETARIES, STAFF
from coflight.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_roles_exist_after_migrating():
    members = Group.objects.get(name=MEMBERS)
    assert {p.codename for p in members.permissions.all()} == {"change_action", "view_action"}
    staff = Group.objects.get(name=STAFF)
    codenames = {p.codename for p in staff.permissions.all()}
    assert {"change_person", "add_attendance", "change_meeting", "delete_organisation"} <= (
        codenames
    )
    assert not any("historical" in c for c in codenames)


def test_secretaries_plan_and_write_up_meetings_but_do_not_edit_people():
    secretaries = Group.objects.get(name=SECRETARIES)
    allowed = {f"{p.content_type.app_label}.{p.codename}" for p in secretaries.permissions.all()}
    assert {
        "meetings.add_meeting",
        "meetings.change_meeting",
        "meetings.add_agendaitem",
        "meetings.delete_agendaitem",
        "meetings.add_invitation",
        "meetings.change_attendance",
        "decisions.add_decision",
        "actions.add_action",
        "actions.change_action",
    } <= allowed
    assert not allowed & {
        "people.change_person",
        "meetings.delete_meeting",
        "actions.delete_action",
    }


def test_members_change_actions_but_do_not_use_the_admin(client, member):
    assert member.has_perm("actions.change_action")
    client.force_login(member)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "organisations/organisation",
        "people/person",
        "meetings/meeting",
        "meetings/agendaitem",
        "actions/action",
    ],
)
def test_staff_use_the_admin(client, report, staff, path):
    client.force_login(staff)
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 200


def test_staff_link_a_person_to_an_account_in_the_admin(client, report, staff, outsider):
    client.force_login(staff)
    samir = Person.objects.get(given_name="Samir")
    response = client.post(
        f"/admin/people/person/{samir.pk}/change/",
        {
            "given_name": "Samir",
            "family_name": "",
            "organisation": samir.organisation_id,
            "user": outsider.pk,
        },
    )
    assert response.status_code == 302
    samir.refresh_from_db()
    assert samir.user == outsider

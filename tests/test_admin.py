import re

import pytest

from coflight.actions.models import Action
from coflight.meetings.models import AgendaItem, Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from tests.conftest import action_no, admin_action_form, person
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db

MODELS = [
    ("organisations", "organisation"),
    ("people", "person"),
    ("meetings", "meeting"),
    ("meetings", "agendaitem"),
    ("meetings", "series"),
    ("meetings", "project"),
    ("actions", "action"),
    ("minutes", "rememberedname"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_staff_can_list_and_add(client, report, superuser, app, model):
    client.force_login(superuser)
    assert client.get(f"/admin/{app}/{model}/").status_code == 200
    assert client.get(f"/admin/{app}/{model}/add/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client, report):
    response = client.get("/admin/actions/action/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_meeting_form_edits_attendees_inline_with_autocomplete(client, report, superuser):
    client.force_login(superuser)
    content = client.get(f"/admin/meetings/meeting/{report.pk}/change/").content.decode()
    assert re.search(r'name="attendances-INITIAL_FORMS" value="29"', content)
    assert re.search(r'<select name="attendances-0-person"[^>]*admin-autocomplete', content)


def test_people_are_searched_by_name_and_filtered_by_organisation(client, report, superuser):
    client.force_login(superuser)
    response = client.get("/admin/people/person/?q=Laisn")
    assert [p.name for p in response.context["cl"].result_list] == ["Jean-Pierre Laisné"]
    tsp = Organisation.objects.get(name="TSP")
    response = client.get(f"/admin/people/person/?organisation__id__exact={tsp.pk}")
    assert response.context["cl"].result_count == 5


def test_the_person_autocomplete_finds_people_for_the_attendee_inline(client, report, superuser):
    client.force_login(superuser)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "Moham",
            "app_label": "meetings",
            "model_name": "attendance",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_staff_settle_an_ambiguous_owner_in_the_action_form(client, report, superuser):
    client.force_login(superuser)
    action = action_no(12)
    url = f"/admin/actions/action/{action.pk}/change/"
    assert client.get(url).status_code == 200
    unsettled = client.get("/admin/actions/action/?identity=unsettled")
    assert sorted(a.position for a in unsettled.context["cl"].result_list) == [9, 12]
    patrice_bourges = person("Patrice", "Université de Bourges University")
    data = admin_action_form(action)
    for i, ownership in enumerate(action.ownerships.order_by("position")):
        data[f"ownerships-{i}-person"] = ownership.person_id or patrice_bourges.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert action.ownerships.get(written_as="Patrice").person == patrice_bourges
    unsettled = client.get("/admin/actions/action/?identity=unsettled")
    assert [a.position for a in unsettled.context["cl"].result_list] == [9]


def test_agenda_items_edit_their_presenters_inline(client, report, superuser):
    client.force_login(superuser)
    item = AgendaItem.objects.get(meeting=report, label="4")
    content = client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    assert "presentations-TOTAL_FORMS" in content
    unsettled = client.get("/admin/meetings/agendaitem/?identity=unsettled")
    assert [i.label for i in unsettled.context["cl"].result_list] == ["4"]


def test_the_admin_keeps_accents_and_escapes_names(client, report, superuser):
    Person.objects.create(given_name="<script>alert(1)</script>")
    client.force_login(superuser)
    content = client.get("/admin/people/person/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "Laisné" in content
    assert Meeting.objects.count() == 4
    assert Action.objects.count() == 13


def test_staff_see_an_actions_history_in_the_admin(client, report, superuser):
    client.force_login(superuser)
    action = action_no(13)
    action.set_status("done", "Chose HDFS")
    response = client.get(f"/admin/actions/action/{action.pk}/history/")
    assert response.status_code == 200
    assert "Chose HDFS" in response.content.decode()


def test_an_attendee_added_in_the_admin_gets_their_organisation_and_name(client, superuser, db):
    client.force_login(superuser)
    meeting = make_meeting(title="Board")
    ann = make_person("Ann", organisation=Organisation.objects.create(name="OW2"))
    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        {
            "title": "Board",
            "kind": "workshop",
            "date": "2013-05-16",
            "attendances-TOTAL_FORMS": "1",
            "attendances-INITIAL_FORMS": "0",
            "attendances-0-position": "1",
            "attendances-0-person": ann.pk,
            "attendances-0-written_as": "",
            "attendances-0-organisation": "",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    attendance = meeting.attendances.get()
    assert attendance.organisation is not None
    assert (attendance.written_as, attendance.organisation.name) == ("Ann", "OW2")


def test_the_agenda_item_choices_are_the_actions_own_meetings_named_with_it(
    client, superuser, report
):
    client.force_login(superuser)
    page = client.get(f"/admin/actions/action/{action_no(2).pk}/change/").content.decode()
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*2b\)[^<]*)</option>', page)
    assert options == [
        "CompatibleOne 2013 &amp; Beyond Workshop, 2013-05-16 · 2b) How to Extend OCCI"
    ]
    assert "Weekly meeting" not in " ".join(
        re.findall(r'<select name="agenda_item".*?</select>', page, re.S)
    )

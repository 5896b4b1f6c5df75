"""A secretary plans a meeting from the site: its details, the next of a series, its agenda."""

import datetime
import zoneinfo

import pytest
from django.test import Client

from coflight.meetings import services
from coflight.meetings.models import AgendaItem, Invitation, Meeting
from coflight.people.models import Person
from tests.conftest import HTMX, text_of

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DETAILS = {
    "title": "Steering committee",
    "kind": "other",
    "series_name": "Steering committee",
    "number": "1",
    "date": "2026-12-15",
    "starts": "14:00",
    "ends": "15:30",
    "venue": "Institut Telecom",
    "address": "46, rue Barrault - 75013 Paris",
    "room": "F900",
    "dial_in": "+33 1 23 45 67 89",
    "summary": "",
}


@pytest.fixture
def secretary_client(client: Client, secretary) -> Client:
    client.force_login(secretary)
    return client


def test_a_secretary_plans_a_new_meeting_in_paris_time(secretary_client):
    response = secretary_client.post("/meetings/new/", DETAILS)
    meeting = Meeting.objects.get(title="Steering committee")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/agenda/"
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.starts_at == datetime.datetime(2026, 12, 15, 14, 0, tzinfo=PARIS)
    assert meeting.ends_at == datetime.datetime(2026, 12, 15, 15, 30, tzinfo=PARIS)
    assert meeting.series is not None and meeting.series.name == "Steering committee"
    page = text_of(secretary_client.get(meeting.get_absolute_url()))
    assert "Planned" in page and "14:00–15:30" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends": "13:00"}, "The meeting must end after it starts."),
        ({"starts": "", "ends": "15:00"}, "Give the start too"),
        ({"date": "9999-01-01"}, "Enter a date between 1900 and 2199."),
        ({"date": "15/12/2026x"}, "Enter a valid date."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_details_are_explained_and_nothing_is_saved(secretary_client, change, message):
    before = Meeting.objects.count()
    response = secretary_client.post("/meetings/new/", DETAILS | change)
    assert response.status_code == 400
    assert "The meeting was not saved:" in text_of(response)
    assert message in text_of(response)
    assert Meeting.objects.count() == before


def test_two_meetings_of_a_series_cannot_share_a_number(secretary_client):
    secretary_client.post("/meetings/new/", DETAILS)
    response = secretary_client.post("/meetings/new/", DETAILS | {"date": "2027-01-12"})
    assert response.status_code == 400
    assert "Another meeting of this series already has this number." in text_of(response)
    assert Meeting.objects.filter(title="Steering committee").count() == 1


def test_members_and_readers_cannot_plan_meetings(client, member):
    assert client.get("/meetings/new/").status_code == 302
    client.force_login(member)
    assert client.get("/meetings/new/").status_code == 403
    assert client.post("/meetings/new/", DETAILS).status_code == 403
    assert not Meeting.objects.filter(title="Steering committee").exists()


def test_only_secretaries_see_the_planning_links(client, member, secretary, report):
    assert "New meeting" not in text_of(client.get("/"))
    client.force_login(member)
    assert "New meeting" not in text_of(client.get("/"))
    assert "Plan the next meeting" not in text_of(client.get(report.get_absolute_url()))
    client.force_login(secretary)
    assert "New meeting" in text_of(client.get("/"))
    assert "Plan the next meeting" in text_of(client.get(report.get_absolute_url()))


def test_editing_a_meeting_keeps_its_times_in_paris(secretary_client, report):
    form = text_of(secretary_client.get(f"/meetings/{report.pk}/edit/"))
    assert "CompatibleOne 2013 & Beyond Workshop" in form
    response = secretary_client.get(f"/meetings/{report.pk}/edit/")
    assert 'value="09:00"' in response.content.decode()
    assert 'value="17:30"' in response.content.decode()


# --- the next meeting of a series ---------------------------------------------------------


def test_planning_the_next_workshop_copies_the_last_one(secretary_client, report):
    response = secretary_client.post(f"/meetings/{report.pk}/plan-next/")
    planned = Meeting.objects.get(series=report.series, number=4)
    assert response["Location"] == f"/meetings/{planned.pk}/agenda/"
    assert planned.status == Meeting.Status.PLANNED
    assert (planned.kind, planned.venue, planned.room) == ("workshop", "Institut Telecom", "F900")
    # The series held one meeting: the next is proposed four weeks on, at the same hours.
    assert planned.date == datetime.date(2013, 6, 13)
    assert planned.starts_at == datetime.datetime(2013, 6, 13, 9, 0, tzinfo=PARIS)
    # Everyone identified at the last one is invited, for the organisation they came with.
    invited = set(planned.invitations.values_list("person_id", "organisation_id"))
    came = set(report.attendances.exclude(person=None).values_list("person_id", "organisation_id"))
    assert invited == came and len(invited) > 20


def test_planning_twice_plans_one_meeting(secretary_client, report):
    secretary_client.post(f"/meetings/{report.pk}/plan-next/")
    response = secretary_client.post(f"/meetings/{report.pk}/plan-next/", follow=True)
    assert Meeting.objects.filter(series=report.series).count() == 2
    assert "was already planned: here it is." in text_of(response)


def test_the_weekly_call_the_report_announced_is_filled_in_not_duplicated(secretary_client, report):
    weekly = Meeting.objects.get(date="2013-05-30")
    following = Meeting.objects.get(date="2013-06-06")
    # The 6 June meeting the report announced is the next one after the 30 May call.
    response = secretary_client.post(f"/meetings/{weekly.pk}/plan-next/")
    assert response["Location"] == f"/meetings/{following.pk}/agenda/"
    assert Meeting.objects.filter(series=weekly.series).count() == 2
    following.refresh_from_db()
    assert following.dial_in == "+33 172 807 597 (no code)"


def test_recurring_items_come_to_the_next_meeting(secretary_client):
    secretary_client.post("/meetings/new/", DETAILS)
    first = Meeting.objects.get(title="Steering committee")
    for title, recurring in [("Action review", "on"), ("Budget", ""), ("AOB", "on")]:
        secretary_client.post(
            f"/meetings/{first.pk}/agenda/add/", {"title": title, "recurring": recurring}
        )
    Meeting.objects.filter(pk=first.pk).update(
        status=Meeting.Status.PUBLISHED, started_at=first.starts_at
    )
    secretary_client.post(f"/meetings/{first.pk}/plan-next/")
    planned = Meeting.objects.get(series=first.series, number=2)
    items = [(i.number, i.title) for i in planned.agenda_items.order_by("position")]
    assert items == [("1", "Action review"), ("2", "AOB")]
    assert planned.date == datetime.date(2027, 1, 12)


# --- the agenda ---------------------------------------------------------------------------


def numbers(meeting: Meeting) -> list[tuple[str, str]]:
    items = AgendaItem.objects.filter(meeting=meeting).select_related("parent")
    return [(i.number, i.title) for i in items.order_by("position", "pk")]


@pytest.fixture
def planned(secretary_client) -> Meeting:
    secretary_client.post("/meetings/new/", DETAILS)
    meeting = Meeting.objects.get(title="Steering committee")
    for title in ["Welcome", "Contributing", "Wrap up"]:
        secretary_client.post(f"/meetings/{meeting.pk}/agenda/add/", {"title": title})
    return meeting


def item(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


def test_items_are_numbered_as_the_seed_numbers_them(secretary_client, planned):
    contributing = item(planned, "Contributing")
    for title in ["STRUKT", "OCCI"]:
        secretary_client.post(
            f"/meetings/{planned.pk}/agenda/add/", {"title": title, "parent": contributing.pk}
        )
    assert numbers(planned) == [
        ("1", "Welcome"),
        ("2", "Contributing"),
        ("2a", "STRUKT"),
        ("2b", "OCCI"),
        ("3", "Wrap up"),
    ]


def test_items_move_up_down_in_and_out(secretary_client, planned):
    url = f"/meetings/{planned.pk}/agenda/{{}}/move/"
    secretary_client.post(url.format(item(planned, "Wrap up").pk), {"direction": "up"})
    assert [t for _, t in numbers(planned)] == ["Welcome", "Wrap up", "Contributing"]
    secretary_client.post(url.format(item(planned, "Contributing").pk), {"direction": "in"})
    assert numbers(planned) == [("1", "Welcome"), ("2", "Wrap up"), ("2a", "Contributing")]
    secretary_client.post(url.format(item(planned, "Contributing").pk), {"direction": "out"})
    assert numbers(planned) == [("1", "Welcome"), ("2", "Wrap up"), ("3", "Contributing")]
    # The first item stays first.
    secretary_client.post(url.format(item(planned, "Welcome").pk), {"direction": "up"})
    assert numbers(planned)[0] == ("1", "Welcome")


def test_an_item_with_sub_items_does_not_nest_deeper(secretary_client, planned):
    contributing = item(planned, "Contributing")
    secretary_client.post(
        f"/meetings/{planned.pk}/agenda/add/", {"title": "STRUKT", "parent": contributing.pk}
    )
    response = secretary_client.post(
        f"/meetings/{planned.pk}/agenda/{contributing.pk}/move/", {"direction": "in"}, **HTMX
    )
    assert response.status_code == 409
    assert "Agenda items nest one level deep only." in text_of(response)


def test_durations_add_up_against_the_meetings_length(secretary_client, planned):
    for title, minutes in [("Welcome", 30), ("Contributing", 50), ("Wrap up", 20)]:
        secretary_client.post(
            f"/meetings/{planned.pk}/agenda/{item(planned, title).pk}/",
            {"title": title, "duration": minutes},
        )
    page = text_of(secretary_client.get(f"/meetings/{planned.pk}/agenda/"))
    assert "100 minutes planned of the meeting’s 90." in page
    assert "That is more than the meeting lasts." in page


def test_an_item_is_renamed_and_removed_in_place(secretary_client, planned):
    welcome = item(planned, "Welcome")
    response = secretary_client.post(
        f"/meetings/{planned.pk}/agenda/{welcome.pk}/", {"title": "Welcome & news"}, **HTMX
    )
    assert response.status_code == 200
    assert 'value="Welcome &amp; news"' in response.content.decode()
    assert "<html" not in response.content.decode()
    secretary_client.post(f"/meetings/{planned.pk}/agenda/{welcome.pk}/remove/")
    assert numbers(planned) == [("1", "Contributing"), ("2", "Wrap up")]


def test_an_item_with_minutes_is_not_removed(secretary_client, planned):
    welcome = item(planned, "Welcome")
    AgendaItem.objects.filter(pk=welcome.pk).update(minutes="Said and written.")
    response = secretary_client.post(
        f"/meetings/{planned.pk}/agenda/{welcome.pk}/remove/", follow=True
    )
    assert "Minutes were written under this item: it stays on the agenda." in text_of(response)
    assert AgendaItem.objects.filter(pk=welcome.pk).exists()


def test_an_empty_title_is_refused_with_a_message(secretary_client, planned):
    response = secretary_client.post(f"/meetings/{planned.pk}/agenda/add/", {"title": ""})
    assert response.status_code == 400
    assert "This field is required." in text_of(response)
    assert len(numbers(planned)) == 3


def test_an_item_of_another_meeting_is_a_404(report, secretary_client, planned):
    other = AgendaItem.objects.filter(meeting=report).first()
    assert other is not None
    url = f"/meetings/{planned.pk}/agenda/{other.pk}/move/"
    assert secretary_client.post(url, {"direction": "up"}).status_code == 404


def test_the_published_report_has_its_agenda_locked(secretary_client, report):
    response = secretary_client.post(
        f"/meetings/{report.pk}/agenda/add/", {"title": "Late addition"}, **HTMX
    )
    assert response.status_code == 409
    assert "the meeting can no longer be changed" in text_of(response)
    assert not AgendaItem.objects.filter(title="Late addition").exists()


# --- holding it ---------------------------------------------------------------------------


def test_a_meeting_is_started_ended_and_published_once_each(secretary_client, planned):
    url = f"/meetings/{planned.pk}/"
    secretary_client.post(url + "start/")
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.IN_PROGRESS and planned.started_at is not None
    started = planned.started_at
    response = secretary_client.post(url + "start/", follow=True)
    assert "Only a planned meeting can be started." in text_of(response)
    planned.refresh_from_db()
    assert planned.started_at == started
    secretary_client.post(url + "end/")
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.DRAFT and planned.ended_at is not None
    secretary_client.post(url + "publish/")
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.PUBLISHED and planned.published_at is not None


def test_readers_see_the_agenda_of_unpublished_minutes_and_members_the_draft(
    client, secretary, member, planned
):
    welcome = item(planned, "Welcome")
    AgendaItem.objects.filter(pk=welcome.pk).update(minutes="Draft words not yet agreed.")
    Meeting.objects.filter(pk=planned.pk).update(
        status=Meeting.Status.DRAFT, started_at=planned.starts_at
    )
    planned.save()  # the page follows the change
    reader = text_of(Client().get(planned.get_absolute_url()))
    assert "1) Welcome" in reader
    assert "Draft words not yet agreed." not in reader
    assert "Its minutes are not published yet: here is its agenda." in reader
    client.force_login(member)
    assert "Draft words not yet agreed." in text_of(client.get(planned.get_absolute_url()))


def test_invitations_are_unique_per_person(report):
    weekly = Meeting.objects.get(date="2013-05-30")
    person = report.attendances.exclude(person=None).first().person
    Invitation.objects.create(meeting=weekly, person=person)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(meeting=weekly, person=person)


def test_every_agenda_change_is_on_the_next_page_of_every_reader(secretary_client, planned):
    reader = Client()
    assert "4) Any other business" not in text_of(reader.get(planned.get_absolute_url()))
    secretary_client.post(f"/meetings/{planned.pk}/agenda/add/", {"title": "Any other business"})
    assert "4) Any other business" in text_of(reader.get(planned.get_absolute_url()))
    aob = item(planned, "Any other business")
    secretary_client.post(f"/meetings/{planned.pk}/agenda/{aob.pk}/move/", {"direction": "up"})
    assert "3) Any other business" in text_of(reader.get(planned.get_absolute_url()))
    secretary_client.post(f"/meetings/{planned.pk}/agenda/{aob.pk}/", {"title": "AOB"})
    assert "3) AOB" in text_of(reader.get(planned.get_absolute_url()))


def test_a_meeting_that_does_not_exist_is_a_404(secretary_client, db):
    for step in ("start", "end", "publish", "plan-next", "agenda/add"):
        assert secretary_client.post(f"/meetings/99999/{step}/").status_code == 404
    assert secretary_client.get("/meetings/99999/agenda/").status_code == 404
    assert secretary_client.get("/meetings/99999/edit/").status_code == 404


def test_an_item_with_sub_items_is_not_removed(secretary_client, planned):
    contributing = item(planned, "Contributing")
    secretary_client.post(
        f"/meetings/{planned.pk}/agenda/add/", {"title": "STRUKT", "parent": contributing.pk}
    )
    response = secretary_client.post(
        f"/meetings/{planned.pk}/agenda/{contributing.pk}/remove/", **HTMX
    )
    assert response.status_code == 409
    assert "Remove or move its sub-items first." in text_of(response)
    assert [t for _, t in numbers(planned)] == [
        "Welcome",
        "Contributing",
        "STRUKT",
        "Wrap up",
    ]


# --- presenters and materials ---------------------------------------------------------------


def test_a_presenter_is_picked_like_an_owner_and_shows_on_the_page(client, secretary, report):
    weekly = Meeting.objects.get(date="2013-05-30")
    release = services.add_item(weekly, title="Release")
    stuart = Person.objects.get(given_name="Stuart")
    client.force_login(secretary)
    # Without JavaScript: find, then choose.
    found = client.get(
        f"/meetings/{weekly.pk}/agenda/", {"presenters_for": release.pk, "q": "Stuart"}
    )
    assert f'name="person" value="{stuart.pk}"' in found.content.decode()
    url = f"/meetings/{weekly.pk}/agenda/{release.pk}/presenters/"
    assert client.post(url, {"person": stuart.pk}).status_code == 302
    assert client.post(url, {"person": stuart.pk}).status_code == 302  # a double click
    assert [p.person for p in release.presentations.all()] == [stuart]
    page = text_of(client.get(weekly.get_absolute_url()))
    assert "1) Release: Stuart" in page
    # And taken off again, with htmx.
    presentation = release.presentations.get()
    response = client.post(url, {"remove": presentation.pk}, **HTMX)
    assert response.status_code == 200
    assert "0 presenters" in text_of(response)
    assert not release.presentations.exists()


def test_a_material_link_is_added_to_an_item_and_shows_on_the_page(client, secretary, report):
    weekly = Meeting.objects.get(date="2013-05-30")
    release = services.add_item(weekly, title="Release")
    client.force_login(secretary)
    url = f"/meetings/{weekly.pk}/agenda/{release.pk}/materials/"
    response = client.post(
        url, {"title": "Release notes", "url": "https://example.org/notes.pdf"}, **HTMX
    )
    assert response.status_code == 200
    content = client.get(weekly.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/notes.pdf" rel="noopener">Release notes</a>' in content
    material = release.materials.get()
    assert material.meeting == weekly
    client.post(url, {"remove": material.pk}, **HTMX)
    assert not release.materials.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Slides", "url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"title": "", "url": "https://example.org"}, "Name the material, such as “Slides”."),
        ({"remove": "x"}, "Enter a whole number."),
    ],
)
def test_a_bad_material_is_explained_and_changes_nothing(client, secretary, report, data, message):
    weekly = Meeting.objects.get(date="2013-05-30")
    release = services.add_item(weekly, title="Release")
    client.force_login(secretary)
    response = client.post(f"/meetings/{weekly.pk}/agenda/{release.pk}/materials/", data, **HTMX)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not release.materials.exists()


def test_presenters_of_a_published_meeting_are_locked(client, secretary, report):
    item = report.agenda_items.order_by("position").first()
    stuart = Person.objects.get(given_name="Stuart")
    client.force_login(secretary)
    url = f"/meetings/{report.pk}/agenda/{item.pk}/presenters/"
    response = client.post(url, {"person": stuart.pk}, **HTMX)
    assert response.status_code == 409
    assert "The minutes are published" in text_of(response)
    assert not item.presentations.filter(person=stuart).exists()

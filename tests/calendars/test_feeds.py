import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from django.conf import settings
from django.test import Client

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.people.models import Person
from tests.conftest import action_no

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
# UIDs name the site's own host, from COFLIGHT_BASE_URL.
HOST = urlsplit(settings.COFLIGHT_BASE_URL).hostname
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def parse_both(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    return icalendar.Calendar.from_ical(body), vobject.readOne(body)


def events(cal) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_every_meeting_is_in_the_feed_with_paris_times(client, report):
    cal, vcal = parse_both(client.get("/meetings.ics"))
    found = events(cal)
    assert set(found) == {f"meeting-{m.pk}@{HOST}" for m in Meeting.objects.all()}
    call = found[f"meeting-{Meeting.objects.get(date='2013-05-30').pk}@{HOST}"]
    start = call.decoded("dtstart")
    assert start.astimezone(UTC) == datetime.datetime(2013, 5, 30, 14, 0, tzinfo=UTC)
    assert call["dtstart"].params["TZID"] == "Europe/Paris"
    assert "Dial-in: +33 172 807 597 (no code)" in str(call["description"])
    assert str(call["conference"]) == "tel:+33172807597"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    vcall = next(
        e
        for e in vcal.vevent_list
        if e.uid.value.startswith(f"meeting-{Meeting.objects.get(date='2013-05-30').pk}@")
    )
    assert vcall.dtstart.value.astimezone(UTC) == datetime.datetime(2013, 5, 30, 14, 0, tzinfo=UTC)


def test_a_meeting_links_back_and_says_where(client, report):
    cal, _vcal = parse_both(client.get(f"/meetings/{report.pk}.ics"))
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == "CompatibleOne 2013 & Beyond Workshop"
    assert str(event["location"]) == "Institut Telecom, 46, rue Barrault - 75013 Paris, F900"
    assert str(event["url"]) == f"http://testserver/meetings/{report.pk}/"
    assert event.decoded("dtstart") == datetime.datetime(2013, 5, 16, 9, 0, tzinfo=PARIS)
    assert event.decoded("dtend") == datetime.datetime(2013, 5, 16, 17, 30, tzinfo=PARIS)


def test_a_meeting_without_a_time_is_an_all_day_event(client, report):
    plenary = Meeting.objects.get(date="2013-06-13")
    cal, vcal = parse_both(client.get(f"/meetings/{plenary.pk}.ics"))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2013, 6, 13)
    assert vcal.vevent.dtstart.value == datetime.date(2013, 6, 13)


def test_uids_stay_the_same_from_one_export_to_the_next(client, report):
    first = set(events(parse_both(client.get("/meetings.ics"))[0]))
    second = set(events(parse_both(Client(HTTP_HOST="localhost").get("/meetings.ics"))[0]))
    assert first == second


def test_unknown_meeting_feed_is_a_404(client, db):
    assert client.get("/meetings/4242.ics").status_code == 404


def test_the_personal_feed_has_their_meetings_and_open_actions_on_their_due_day(client, member):
    client.force_login(member)
    response = client.post("/calendar/token/renew/")
    assert response["Location"] == "/actions/mine/"
    person = Person.objects.get(user=member)
    assert person.calendar_token is not None
    assert len(person.calendar_token) >= 40
    anonymous = Client()
    cal, vcal = parse_both(anonymous.get(f"/calendar/{person.calendar_token}.ics"))
    found = events(cal)
    report = Meeting.objects.get(date="2013-05-16")
    assert f"meeting-{report.pk}@{HOST}" in found
    due_actions = {uid for uid in found if uid.startswith("action-")}
    # Jean-Pierre's open actions with a due date: 6 (30 May), 7 (6 June), 10 (13 June)
    assert due_actions == {f"action-{action_no(n).pk}@{HOST}" for n in (6, 7, 10)}
    seven = found[f"action-{action_no(7).pk}@{HOST}"]
    assert seven.decoded("dtstart") == datetime.date(2013, 6, 6)
    assert str(seven["summary"]).startswith(f"Action A{action_no(7).pk}: Select the major points")
    assert len(vcal.vevent_list) == len(found)


def test_a_renewed_or_revoked_token_stops_the_old_address(client, member):
    client.force_login(member)
    client.post("/calendar/token/renew/")
    old = Person.objects.get(user=member).calendar_token
    client.post("/calendar/token/renew/")
    new = Person.objects.get(user=member).calendar_token
    assert old != new
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200
    client.post("/calendar/token/revoke/")
    assert Client().get(f"/calendar/{new}.ics").status_code == 404
    assert Person.objects.get(user=member).calendar_token is None


def test_my_actions_shows_the_feed_address(client, member):
    client.force_login(member)
    assert "Create my calendar feed" in client.get("/actions/mine/").content.decode()
    client.post("/calendar/token/renew/")
    token = Person.objects.get(user=member).calendar_token
    assert (
        f"http://testserver/calendar/{token}.ics" in client.get("/actions/mine/").content.decode()
    )


@pytest.mark.parametrize("url", ["/calendar/token/renew/", "/calendar/token/revoke/"])
def test_token_changes_are_refused_to_the_wrong_people_and_methods(client, member, outsider, url):
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 405
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    assert csrf_client.post(url).status_code == 403
    assert Person.objects.get(user=member).calendar_token is None


def test_an_unknown_token_is_a_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_feeds_take_few_queries_whatever_the_size(client, member, any_size, assert_queries):
    person = Person.objects.get(user=member)
    person.renew_calendar_token()
    with assert_queries(1):
        client.get("/meetings.ics")
    # the person; their meetings; their open actions, owners and owner candidates
    with assert_queries(5):
        client.get(f"/calendar/{person.calendar_token}.ics")


def test_winter_meetings_are_in_winter_time_for_both_readers(client, db):
    from tests.factories import make_meeting

    start = datetime.datetime(2014, 1, 9, 10, 0, tzinfo=PARIS)
    meeting = make_meeting(date=datetime.date(2014, 1, 9), starts_at=start)
    cal, vcal = parse_both(client.get(f"/meetings/{meeting.pk}.ics"))
    expected = datetime.datetime(2014, 1, 9, 9, 0, tzinfo=UTC)
    assert cal.walk("VEVENT")[0].decoded("dtstart").astimezone(UTC) == expected
    assert vcal.vevent.dtstart.value.astimezone(UTC) == expected


def test_the_personal_feed_opens_without_sign_in_even_when_reading_is_private(member, settings):
    settings.COFLIGHT_PUBLIC_READ = False
    person = Person.objects.get(user=member)
    token = person.renew_calendar_token()
    calendar_program = Client()
    response = calendar_program.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert calendar_program.get("/calendar/not-the-token.ics").status_code == 404
    assert calendar_program.get("/meetings.ics").status_code == 302


def feed_of(member) -> str:
    person = Person.objects.get(user=member)
    return f"/calendar/{person.renew_calendar_token()}.ics"


@pytest.mark.parametrize("step", ["made inactive", "deleted"])
def test_a_feed_outlives_no_account(client, member, step):
    feed = feed_of(member)
    assert client.get(feed).status_code == 200
    if step == "deleted":
        member.delete()
    else:
        member.is_active = False
        member.save()
    assert client.get(feed).status_code == 404


def test_staff_switch_a_feed_off_in_the_admin(client, member, superuser):
    feed = feed_of(member)
    person = Person.objects.get(user=member)
    client.force_login(superuser)
    page = client.get(f"/admin/people/person/{person.pk}/change/").content.decode()
    assert "Calendar feed" in page
    client.post(
        "/admin/people/person/",
        {"action": "switch_off_calendar_feeds", "_selected_action": [person.pk]},
    )
    assert Client().get(feed).status_code == 404


def test_the_person_switches_it_off_on_their_own_page(client, member):
    feed = feed_of(member)
    client.force_login(member)
    person = Person.objects.get(user=member)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Switch my calendar feed off" in page
    response = client.post("/calendar/token/revoke/", {"next": person.get_absolute_url()})
    assert response["Location"] == person.get_absolute_url()
    assert client.get(feed).status_code == 404


def test_a_date_stored_at_the_end_of_time_breaks_no_feed(client, member):
    # Dates are checked where they are entered now; one stored before must not break a feed.
    feed = feed_of(member)
    seven = action_no(7).pk
    Action.objects.filter(pk=seven).update(due_date=datetime.date.max, due_meeting=None)
    Meeting.objects.filter(date="2013-05-16").update(date=datetime.date.max)
    cal, _vcal = parse_both(client.get(feed))
    assert events(cal)[f"action-{seven}@{HOST}"].decoded("dtstart") == datetime.date.max
    parse_both(client.get("/meetings.ics"))


def test_the_personal_feed_has_the_meetings_their_actions_are_due_at(client, member):
    feed = feed_of(member)
    found = events(parse_both(client.get(feed))[0])
    due_at = {"2013-05-30", "2013-06-06", "2013-06-13"}
    for meeting in Meeting.objects.filter(date__in=due_at):
        assert f"meeting-{meeting.pk}@{HOST}" in found, meeting


def test_a_meeting_with_a_start_and_no_end_says_so(client, report):
    found = events(parse_both(client.get("/meetings.ics"))[0])
    call = found[f"meeting-{Meeting.objects.get(date='2013-05-30').pk}@{HOST}"]
    assert "dtend" not in call
    assert "The report gives its start time, not its end." in str(call["description"])


def test_uids_name_the_site(client, report, settings):
    settings.COFLIGHT_BASE_URL = "https://coflight.example.org"
    found = events(parse_both(client.get("/meetings.ics"))[0])
    assert f"meeting-{report.pk}@coflight.example.org" in found


def test_the_first_feed_is_announced_as_ready_not_as_a_new_address(client, member):
    client.force_login(member)
    page = client.post("/calendar/token/renew/", follow=True).content.decode()
    assert "Your calendar feed is ready" in page
    page = client.post("/calendar/token/renew/", follow=True).content.decode()
    assert "the old one no longer works" in page

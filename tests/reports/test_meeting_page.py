import datetime

import pytest

from coflight.meetings.models import Attendance, Meeting
from tests.conftest import SEED_TEXT, STORED, text_of
from tests.factories import make_action, make_meeting, make_person

FIXTURE_TITLES = [
    "CompatibleOne 2013 & Beyond Workshop",
    "CompatibleOne Core Team Weekly Conference Call",
    "Weekly meeting",
    "Plenary meeting",
]

pytestmark = pytest.mark.django_db


def test_the_header_reads_like_the_report(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "CompatibleOne 2013 & Beyond Workshop" in page
    assert "3rd of CompatibleOne 2013 & Beyond" in page
    assert "Thursday 16 May 2013" in page
    assert "09:00–17:30 (Paris time, CEST)" in page
    assert "Paris time, CEST" in page
    assert "Institut Telecom" in page
    assert "46, rue Barrault - 75013 Paris" in page
    assert "F900" in page


def test_attendees_are_grouped_by_organisation_as_in_the_report(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "Attendees 29" in page
    # The two Mohameds of TSP are told apart, as everywhere, until staff give them a note.
    assert "TSP: Mohamed (1), Sami, Mohamed (2), Jung, Samir" in page
    assert "Université de Bourges University: Patrice, Asma" in page
    assert "Université de Savoie: Patrice" in page
    assert "Projects represented EasiClouds OpenCloudware Nu@ge" in page


def test_the_agenda_shows_numbering_and_presenters(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "1) Welcome & Last News: Jean-Pierre Laisné" in page
    assert "a) STRUKT, Build Changes and Back End Support: Jonathan Custance & James Green" in page
    assert "c) How to move CompatibleOne to the next stage: Jean-Pierre Laisné & John Thomson" in (
        page
    )
    assert "d) What are the Next Steps: Open Discussion" in page
    assert "5) Next Steps & Wrap Up" in page


def test_actions_stand_in_the_minutes_where_the_report_puts_them(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    collect = page.index("Collect comments, modifications etc.")
    bullets = page.index("Contributors are invited to provide their comments")
    select = page.index("Select the major points of the Flight Plan")
    skype = page.index("Discussions may also occur on Skype, IRC etc.")
    assert collect < bullets < select < skype
    wrap_up = page.index("After reviewing the previous action items")
    ecosystem = page.index("CO Ecosystem Development Working Group")
    topics = page.index("Finally 2 other topics have been discussed")
    security = page.index("CO & Security: what's next, which use case?")
    assert wrap_up < ecosystem < topics < security


def test_each_action_shows_owners_lead_acting_for_due_and_status(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "Owners Jean (lead), Jonathan, James, Jamie, Jean-Pierre" in page
    assert "(in replacement of a nominated project manager)" in page
    assert "Due CompatibleOne Core Team Weekly Conference Call, 30 May 2013" in page
    assert "Due Plenary meeting, 13 June 2013" in page
    assert "Status Open" in page
    assert page.count("Overdue") == 4


def test_the_blank_owner_line_and_the_unknown_patrice_are_shown_not_hidden(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "Owners No owner (in replacement of a nominated project manager)" in page
    assert (
        page.count(
            "Patrice (which one? Patrice (Université de Bourges University) or "
            "Patrice (Université de Savoie))"
        )
        == 2
    )


def test_material_links_the_report_did_not_keep_are_said_to_be_missing(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "Slides used during this workshop" in page
    assert page.count("the link was not kept in the saved report") == 4


def test_it_links_to_the_next_meeting_and_the_published_text(client, report):
    response = client.get(report.get_absolute_url())
    page = text_of(response)
    assert "Next meeting: Plenary meeting, 13 June 2013" in page
    source = client.get(f"/meetings/{report.pk}/report.txt")
    assert source.status_code == 200
    assert source["Content-Type"] == "text/plain; charset=utf-8"
    assert source.content.decode("utf-8") == SEED_TEXT


def test_a_follow_up_meeting_lists_the_actions_due_at_it(client, report):
    plenary = Meeting.objects.get(date="2013-06-13")
    page = text_of(client.get(plenary.get_absolute_url()))
    assert "Action review Due at this meeting 2" in page
    assert "Core Team to detail into tasks" in page
    assert "Organize a discussion about SaaS" in page
    assert "Not stated in the report" in page


def test_the_weekly_call_shows_its_time_and_dial_in(client, report):
    call = Meeting.objects.get(date="2013-05-30")
    page = text_of(client.get(call.get_absolute_url()))
    assert "16:00" in page
    assert "end not stated" in page
    assert "+33 172 807 597 (no code)" in page


def test_names_and_text_are_escaped(client, db):
    meeting = make_meeting(title="<script>alert(1)</script>", summary="<b>bold</b>")
    Attendance.objects.create(meeting=meeting, person=make_person("<img src=x>"))
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x>" not in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


def test_an_unknown_meeting_is_a_404_page(client, db):
    response = client.get("/meetings/999999/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()
    assert client.get("/meetings/999999/report.txt").status_code == 404


def test_a_meeting_without_a_published_text_has_no_source_page(client, report):
    call = Meeting.objects.get(date="2013-05-30")
    assert client.get(f"/meetings/{call.pk}/report.txt").status_code == 404


def test_the_page_refuses_post(client, report):
    assert client.post(report.get_absolute_url()).status_code == 405


@pytest.mark.parametrize("date", ["2013-05-16", "2013-05-30", "2013-06-13"])
def test_it_takes_the_same_queries_whatever_the_size(client, any_size, date, assert_queries):
    earlier = make_meeting(date=datetime.date(2013, 1, 10))
    make_action(meeting=earlier, text="Still open", owners=[make_person("Ada")])
    meeting = Meeting.objects.get(date=date, title__in=FIXTURE_TITLES)
    # All: the meeting with its series and next meeting; attendances; projects; meeting-level
    # materials; agenda items; actions due at it; the count and the page of open actions from
    # earlier meetings, with their owners and owner candidates; its decisions; its invitations.
    # 2013-05-16 adds its attendees' candidates, its agenda items' presenters, presenter
    # candidates, materials, actions, their owners and owner candidates, and who agreed to its
    # decisions; nothing is due at it. Its amendments, with who made them, last.
    # 2013-05-30 and 2013-06-13 have no agenda, and add owners and candidates of what is due,
    # and the actions decided under no item (none here, but minutes without an agenda have
    # some).
    # And before all that, the revision of the meeting's own page, then the page looked for and
    # stored.
    expected = {"2013-05-16": 21, "2013-05-30": 16, "2013-06-13": 16}[date]
    with assert_queries(1 + STORED + expected):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_the_two_mohameds_who_presented_are_shown_as_unidentified(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert (
        "4) CompatibleOne PaaS: Status of the Work in progress: Sami, Mohamed (which one?) & "
        "Mohamed (which one?)" in page
    )
    assert (
        "Presented by: Sami, Mohamed (which one? Mohamed (Prologue) or Mohamed (TSP, 1) or "
        "Mohamed (TSP, 2)) & Mohamed" in page
    )


def test_the_published_text_takes_one_query(client, any_size, assert_queries):
    with assert_queries(1):
        assert client.get(f"/meetings/{any_size.pk}/report.txt").status_code == 200


def test_an_owner_who_was_not_there_is_marked_so(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    assert "Marc, Najah (not at the meeting)" in page
    assert page.count("(not at the meeting)") == 1

import pytest

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save
from tests.conftest import action_no
from tests.minutes.test_seed_import import facts

pytestmark = pytest.mark.django_db


def markdown_of(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.pk}.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    return response.content.decode("utf-8")


def test_it_reads_like_the_minutes(client, report):
    text = markdown_of(client, report)
    assert text.startswith("# CompatibleOne 2013 & Beyond Workshop, 16 May 2013\n")
    assert (
        "The 3rd CompatibleOne 2013 & Beyond Workshop has been held on Thursday 16 May 2013, "
        "from 09:00 til 17:30 at Institut Telecom, 46, rue Barrault - 75013 Paris (Room F900)."
    ) in text
    assert "- TSP: Mohamed, Sami, Mohamed, Jung, Samir\n" in text
    assert (
        "  - a) STRUKT, Build Changes and Back End Support: Jonathan Custance & James Green\n"
        in text
    )
    assert (
        "Action: For CompatibleOne Day @ La Poste, a screen cast will be recorded to replace "
        "demo.\nOwners: Jean-Pierre (lead), Jamie\n"
    ) in text
    assert "Owner: (in replacement of a nominated project manager)\n" in text
    assert text.rstrip().endswith("Next plenary meeting: 13 June 2013")


def comparable(snapshot: dict) -> dict:
    meeting = snapshot["meeting"]
    # The source text is, by design, the text imported; the page date is not exported.
    return snapshot | {"meeting": meeting[:-2]}


def test_importing_it_back_gives_the_same_meeting(client, report):
    before = comparable(facts())
    import_save(parse(markdown_of(client, report)), replace=True)
    after = comparable(facts())
    for key in before:
        assert after[key] == before[key], key


def test_changes_made_in_coflight_survive_the_round_trip(client, report):
    action_no(13).set_status("done", "HDFS it is")
    plenary = Meeting.objects.get(date="2013-06-13")
    action_no(4).set_due(None, plenary)
    text = markdown_of(client, report)
    assert "Status: Done\nNote: HDFS it is\n" in text
    assert "Due: next plenary meeting (13 June 2013)\n" in text
    before = comparable(facts())
    import_save(parse(text), replace=True)
    assert comparable(facts()) == before
    assert Action.objects.get(position=13, meeting__date="2013-05-16").closing_note == "HDFS it is"


def test_unknown_meeting_is_a_404(client, db):
    assert client.get("/meetings/999.md").status_code == 404


def test_it_takes_the_same_queries_as_the_meeting_page(client, any_size, assert_queries):
    # as the meeting page's report: meeting; attendances and the candidates of unsettled ones;
    # projects; materials; agenda items; presenters and candidates; item materials; actions,
    # owners and candidates; actions due
    with assert_queries(13):
        client.get(f"/meetings/{any_size.pk}.md")

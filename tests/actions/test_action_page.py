import pytest

from tests.conftest import FRESH_PAGE, action_no, text_of

pytestmark = pytest.mark.django_db


def test_it_shows_the_action_with_its_origin(client, report):
    action = action_no(2)
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    reference = f"A{action.pk}"
    assert (
        f"Action {reference} Action 2 of CompatibleOne 2013 & Beyond Workshop, 16 May 2013" in page
    )
    assert (
        f"{reference} no. 2 Formalise a schema to be presented to OCCI Working Group and OGF"
        in (page)
    )
    assert "Owners Jean (lead), Jonathan, James, Jamie, Jean-Pierre" in page
    assert "From CompatibleOne 2013 & Beyond Workshop, 16 May 2013 · 2b) How to Extend OCCI" in (
        page
    )
    assert f"Meetings › CompatibleOne 2013 & Beyond Workshop › Action {reference}" in page


def test_the_closing_note_is_shown(client, report):
    action = action_no(13)
    action.status = "done"
    action.closing_note = "HDFS & CDMI <compared>"
    action.save()
    page = text_of(client.get(action.get_absolute_url()))
    assert "Status Done" in page
    assert "Note HDFS & CDMI <compared>" in page
    assert "Overdue" not in page


def test_an_unknown_action_is_a_404(client, db):
    response = client.get("/actions/424242/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.content.decode()


def test_it_takes_five_queries_whatever_the_size(client, any_size, assert_queries):
    action = action_no(9)
    # the page cache's revision; the action with meeting, agenda item and due meeting; owners;
    # owner candidates; the action's history; its owners' history
    # and the meetings its due can move to (for members' controls, which readers lack: none)
    with assert_queries(FRESH_PAGE + 5):
        assert client.get(action.get_absolute_url()).status_code == 200

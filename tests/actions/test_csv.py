import csv
import io

import pytest

from coflight.organisations.models import Organisation
from tests.conftest import action_no
from tests.factories import make_action, make_person

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_one_row_per_action_with_owners_due_status_meeting_and_item(client, report):
    table = rows(client.get("/actions/export.csv"))
    assert table[0] == [
        "Number",
        "Action",
        "Owners",
        "Acting for",
        "Due",
        "Due at meeting",
        "Status",
        "Meeting",
        "Meeting date",
        "Agenda item",
        "Note",
        "Link",
    ]
    assert len(table) == 14
    second = table[2]
    assert second[:3] == [
        "2",
        "Formalise a schema to be presented to OCCI Working Group and OGF",
        "Jean Parpaillon (lead), Jonathan Custance, James Green, Jamie, Jean-Pierre Laisné",
    ]
    sixth = table[6]
    assert sixth[3:10] == [
        "in replacement of a nominated project manager",
        "2013-05-30",
        "CompatibleOne Core Team Weekly Conference Call",
        "Open",
        "CompatibleOne 2013 & Beyond Workshop",
        "2013-05-16",
        "2d) What are the Next Steps: Open Discussion",
    ]
    assert table[9][2] == "Patrice (not identified), Tatiana"
    assert table[13][11] == f"http://testserver/actions/{action_no(13).pk}/"


def test_the_filters_of_the_page_apply(client, report):
    action_no(4).set_status("done", "Stuart is the PM")
    bourges = Organisation.objects.get(name="Université de Bourges University")
    assert [r[0] for r in rows(client.get("/actions/export.csv?status=done"))[1:]] == ["4"]
    table = rows(client.get(f"/actions/export.csv?organisation={bourges.pk}"))
    assert [r[0] for r in table[1:]] == ["12"]
    assert "Université" in table[1][2] or "Asma" in table[1][2]


def test_accents_survive(client, report):
    table = rows(client.get("/actions/export.csv"))
    assert table[1][2] == "Jean-Pierre Laisné (lead), Jamie"


def test_cells_a_spreadsheet_would_run_are_kept_as_text(client, db):
    make_action(text='=HYPERLINK("http://evil")', owners=[make_person("+Eve")])
    table = rows(client.get("/actions/export.csv"))
    assert table[1][1] == '\'=HYPERLINK("http://evil")'
    assert table[1][2] == "'+Eve"


def test_a_bad_filter_gets_the_list_page_with_the_message(client, report):
    response = client.get("/actions/export.csv?owner=abc")
    assert response.status_code == 404
    assert "There is no person with that id." in response.content.decode()


def test_the_export_takes_the_same_queries_whatever_the_size(client, any_size, assert_queries):
    # the meeting filtered on; actions with their meetings and agenda items (one chunk of up
    # to 500); their owners; owner candidates
    with assert_queries(4):
        b"".join(client.get("/actions/export.csv?meeting=1").streaming_content)

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
        "Reference",
        "Number in its meeting",
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
    assert second[:4] == [
        f"A{action_no(2).pk}",
        "2",
        "Formalise a schema to be presented to OCCI Working Group and OGF",
        "Jean Parpaillon (Silkan, lead), Jonathan Custance (OnApp), James Green (OnApp), "
        "Jamie (Prologue), Jean-Pierre Laisné (Bull)",
    ]
    sixth = table[6]
    assert sixth[4:11] == [
        "Jean-Pierre Laisné (Bull): in replacement of a nominated project manager",
        "2013-05-30",
        "CompatibleOne Core Team Weekly Conference Call",
        "Open",
        "CompatibleOne 2013 & Beyond Workshop",
        "2013-05-16",
        "2d) What are the Next Steps: Open Discussion",
    ]
    assert table[9][3] == "Patrice (not identified), Tatiana (CNAM)"
    assert table[13][12] == f"http://testserver/actions/{action_no(13).pk}/"


def test_the_filters_of_the_page_apply(client, report):
    action_no(4).set_status("done", "Stuart is the PM")
    bourges = Organisation.objects.get(name="Université de Bourges University")
    assert [r[1] for r in rows(client.get("/actions/export.csv?status=done"))[1:]] == ["4"]
    table = rows(client.get(f"/actions/export.csv?organisation={bourges.pk}"))
    assert [r[1] for r in table[1:]] == ["12"]
    assert "Asma (Université de Bourges University)" in table[1][3]


def test_accents_survive(client, report):
    table = rows(client.get("/actions/export.csv"))
    assert table[1][3] == "Jean-Pierre Laisné (Bull, lead), Jamie (Prologue)"


def test_cells_a_spreadsheet_would_run_are_kept_as_text(client, db):
    make_action(text='=HYPERLINK("http://evil")', owners=[make_person("+Eve")])
    table = rows(client.get("/actions/export.csv"))
    assert table[1][2] == '\'=HYPERLINK("http://evil")'
    assert table[1][3] == "'+Eve"


def test_a_bad_filter_gets_the_list_page_with_the_message(client, report):
    response = client.get("/actions/export.csv?owner=abc")
    assert response.status_code == 404
    assert "There is no person with that id." in response.content.decode()


def test_the_export_takes_the_same_queries_whatever_the_size(client, any_size, assert_queries):
    # the meeting filtered on; actions with their meetings and agenda items (one chunk of up
    # to 500); their owners; owner candidates
    with assert_queries(4):
        b"".join(client.get("/actions/export.csv?meeting=1").streaming_content)

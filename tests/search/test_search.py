"""One search box over everything, on PostgreSQL (full text) and SQLite (folded text)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from coflight.actions.models import Action
from coflight.meetings.models import Project
from coflight.people.models import Person
from coflight.search.index import rebuild
from coflight.search.models import SearchEntry
from tests.conftest import action_no, text_of

pytestmark = pytest.mark.django_db
NINE = (
    "Organise a full day workshop dedicated to SLA with CompatibleOne, Easi-Clouds, "
    "OpenCloudWare, Nuage"
)


def groups(response) -> dict[str, list[str]]:
    return {
        g["kind"]: [str(h.entry.title) for h in g["hits"]]
        for g in response.context.get("groups", [])
    }


def test_everything_the_report_holds_is_indexed(report):
    kinds = dict.fromkeys(SearchEntry.Kind.values, 0)
    for kind in SearchEntry.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds == {
        "meeting": 4,
        "agenda_item": 9,
        "action": 13,
        "decision": 2,
        "person": 30,
        "organisation": 11,
    }


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("Laisne", "person", ["Jean-Pierre Laisné"]),
        ("laisné", "person", ["Jean-Pierre Laisné"]),
        (
            "universite",
            "organisation",
            ["Université de Bourges University", "Université de Savoie"],
        ),
        ("Nu@ge", "meeting", ["CompatibleOne 2013 & Beyond Workshop"]),
        ("Nuage", "meeting", ["CompatibleOne 2013 & Beyond Workshop"]),
        ("Nu@ge", "agenda_item", ["SLA: CompatibleOne, EasiClouds and OpenCloudware"]),
        ("Nu@ge", "action", [NINE]),
        ("EasiClouds", "action", [NINE]),
        ("Easi-Clouds", "agenda_item", ["SLA: CompatibleOne, EasiClouds and OpenCloudware"]),
        ("easi clouds", "action", [NINE]),
        ("sla", "person", []),
        ("sla", "agenda_item", ["SLA: CompatibleOne, EasiClouds and OpenCloudware"]),
        ("HDFS", "action", ["Object Storage (HDFS, CDMI, etc.)"]),
        ("COAPS", "agenda_item", ["CompatibleOne PaaS: Status of the Work in progress"]),
        ("Barrault", "meeting", ["CompatibleOne 2013 & Beyond Workshop"]),
    ],
)
def test_it_finds_things_whatever_their_accents(client, report, query, kind, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert groups(response).get(kind, []) == expected


def test_results_are_grouped_and_the_words_marked(client, report):
    response = client.get("/search/", {"q": "Jean-Pierre"})
    content = response.content.decode()
    assert "<mark>Jean</mark>-<mark>Pierre</mark> Laisné" in content or (
        "<mark>Jean-Pierre</mark> Laisné" in content
    ), content
    found = groups(response)
    assert "person" in found
    assert "agenda_item" in found
    assert [g["kind"] for g in response.context["groups"]] == ["agenda_item", "action", "person"]
    assert "All 8 results" in text_of(response), "Jean-Pierre owns eight actions"


def test_titles_rank_above_passing_mentions(client, report):
    response = client.get("/search/", {"q": "security", "kind": "action"})
    assert [h.entry.object_id for h in response.context["hits"]][0] == action_no(12).pk


def test_a_phrase_and_a_left_out_word(client, report):
    found = groups(client.get("/search/", {"q": '"plenary meeting"'}))
    assert sorted(found["action"]) == sorted([action_no(8).text, action_no(10).text])
    assert groups(client.get("/search/", {"q": "HDFS -CDMI"})) == {}


def test_one_kind_of_result_comes_paginated(client, report):
    response = client.get("/search/", {"q": "a", "kind": "person"})
    assert response.status_code == 200
    response = client.get("/search/", {"q": "Mohamed", "kind": "person"})
    assert response.context["page"].paginator.count == 3
    assert "All kinds of results" in text_of(response)


def test_changes_are_found_at_once(client, report):
    action_no(4).set_text("Appoint a project manager for the Flight Plan")
    assert groups(client.get("/search/", {"q": "appoint"}))["action"] == [
        "Appoint a project manager for the Flight Plan"
    ]
    Person.objects.get(given_name="Najah").delete() if False else None
    action_no(13).delete()
    assert groups(client.get("/search/", {"q": "HDFS"})) == {}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '""',
        "'",
        "-",
        "!",
        "&|!():*",
        "a & b | !c",
        '"unclosed',
        "OR AND NOT",
        "\\",
        "%_",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "é" * 10_000,
        "\u00a0",
    ],
)
def test_odd_queries_get_a_clear_page(client, report, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    if len(query) > 200:
        assert "Searches are limited to 200 characters" in text_of(response)


def test_an_unknown_kind_is_said_and_ignored(client, report):
    response = client.get("/search/", {"q": "HDFS", "kind": "spaceship"})
    assert "There is no such kind of result" in text_of(response)
    assert groups(response)["action"]


def test_hostile_text_is_escaped_in_results(client, report):
    action_no(1).set_text('Review <script>alert(1)</script> and "><img src=x onerror=alert(1)>')
    content = client.get("/search/", {"q": "review"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;" in content


def test_the_header_has_the_search_box(client, db):
    assert 'action="/search/"' in client.get("/").content.decode()


def test_it_takes_the_same_queries_whatever_the_size(client, any_size, assert_queries):
    rebuild()
    # the best five of every kind with each kind's count, in one query; on PostgreSQL, the
    # marked titles and snippets of all of them in one more
    from django.db import connection

    marked = 1 if connection.vendor == "postgresql" else 0
    with assert_queries(1 + marked):
        response = client.get("/search/", {"q": "Jean"})
    assert response.status_code == 200


def test_an_action_text_as_long_as_the_form_allows_is_saved_and_found(client, member):
    # The index once cut titles to 400 characters and then padded them, on PostgreSQL a 500.
    client.force_login(member)
    action = action_no(6)
    words = ("minutes " * 700).strip()[:4990] + " zanzibar"
    assert len(words) <= 5000
    response = client.post(
        reverse("actions:text", args=[action.pk]), {"version": action.version, "text": words}
    )
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).text == words
    assert "zanzibar" in text_of(client.get("/search/?q=zanzibar"))


def test_a_project_added_renamed_or_deleted_is_found_or_not_at_once(client, report):
    project = Project.objects.create(name="Cloud-Port")
    report.projects.add(project)
    assert groups(client.get("/search/", {"q": "CloudPort"})).get("meeting") == [report.title]
    project.name = "Nimbus"
    project.save()
    assert "meeting" not in groups(client.get("/search/", {"q": "CloudPort"}))
    assert groups(client.get("/search/", {"q": "Nimbus"})).get("meeting") == [report.title]
    project.delete()
    assert "meeting" not in groups(client.get("/search/", {"q": "Nimbus"}))


def test_the_other_spelling_is_marked_too(client, report):
    content = client.get("/search/", {"q": "EasiClouds", "kind": "action"}).content.decode()
    assert "<mark>Easi-Clouds</mark>" in content


def test_entries_indexed_before_aliases_existed_get_them_from_the_migration(client, report):
    SearchEntry.objects.update(aliases="", body="", folded="", title_folded="", vector=None)
    fill_in = importlib.import_module("coflight.search.migrations.0004_aliases").fill_in
    fill_in(apps, connection.schema_editor())
    assert groups(client.get("/search/", {"q": "Nu@ge"})).get("meeting") == [report.title]
    assert groups(client.get("/search/", {"q": "EasiClouds"})).get("action") == [NINE]


def test_a_long_unbroken_word_is_indexed_at_once(db):
    # A pasted link or blob: the joined-word pass used to backtrack over it in quadratic time,
    # hours for this one.
    from coflight.search.models import joined_words

    assert joined_words("x" * 200_000 + " Easi-Clouds") == "EasiClouds"


def test_a_write_of_several_saves_is_indexed_once_with_all_of_them(db, assert_queries):
    from coflight.actions.models import Ownership
    from coflight.signals import followed_once
    from tests.factories import make_meeting, make_person

    meeting, ann = make_meeting(), make_person("Ann", family_name="Lee")
    with followed_once():
        action = Action.objects.create(meeting=meeting, text="Book the room", position=1)
        Ownership.objects.create(action=action, person=ann, written_as="Ann")
        assert not SearchEntry.objects.filter(kind="action", object_id=action.pk).exists()
    entry = SearchEntry.objects.get(kind="action", object_id=action.pk)
    assert "Ann" in entry.body

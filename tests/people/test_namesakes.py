"""People who share a name are told apart everywhere: by their organisation, a note staff write,
or, until then, a number coflight gives them."""

import pytest

from coflight.people.models import Person
from tests.conftest import action_no, person, text_of
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def tsp_mohameds() -> list[Person]:
    return list(
        Person.objects.filter(given_name="Mohamed", organisation__name="TSP").order_by("pk")
    )


def test_the_reports_namesakes_are_numbered_until_someone_writes_a_note(report):
    first, second = tsp_mohameds()
    assert [first.label, second.label] == ["Mohamed (TSP, 1)", "Mohamed (TSP, 2)"]
    assert person("Mohamed", "Prologue").label == "Mohamed (Prologue)"
    assert person("Patrice", "Université de Savoie").label == "Patrice (Université de Savoie)"
    first.note = "COAPS developer"
    first.save()
    second.refresh_from_db()
    assert first.label == "Mohamed (TSP, COAPS developer)"
    assert second.label == "Mohamed (TSP)"


def test_a_new_namesake_is_numbered_and_so_is_the_first(db):
    ann = make_person("Ann")
    assert ann.label == "Ann"
    other = make_person("Ann")
    ann.refresh_from_db()
    assert (ann.label, other.label) == ("Ann (1)", "Ann (2)")
    third = make_person("Ann")
    assert third.label == "Ann (3)"
    other.given_name = "Anne"
    other.save()
    ann.refresh_from_db()
    third.refresh_from_db()
    assert (ann.label, other.label, third.label) == ("Ann (1)", "Anne", "Ann (3)")


def test_the_admin_tells_them_apart_in_its_search_and_its_could_be_field(client, superuser, report):
    client.force_login(superuser)
    found = client.get(
        "/admin/autocomplete/",
        {
            "term": "Moh",
            "app_label": "meetings",
            "model_name": "attendance",
            "field_name": "person",
        },
    ).json()["results"]
    assert sorted(r["text"] for r in found) == [
        "Mohamed (Prologue)",
        "Mohamed (TSP, 1)",
        "Mohamed (TSP, 2)",
    ]
    page = text_of(client.get(f"/admin/actions/action/{action_no(9).pk}/change/"))
    assert "Patrice (Université de Bourges University)" in page
    assert "Patrice (Université de Savoie)" in page


def test_filtering_by_either_patrice_shows_what_may_be_theirs_marked_unconfirmed(client, report):
    for organisation in ("Université de Bourges University", "Université de Savoie"):
        patrice = person("Patrice", organisation)
        response = client.get("/actions/", {"owner": patrice.pk})
        assert [a.position for a in response.context["page"]] == [9, 12]
        page = text_of(response)
        assert page.count("May be theirs: the report's name fits them and someone else") == 2


def test_someone_who_owns_an_action_is_not_marked_unconfirmed(client, report):
    response = client.get("/actions/", {"owner": person("Tatiana").pk})
    assert [a.position for a in response.context["page"]] == [9]
    assert "May be theirs" not in text_of(response)

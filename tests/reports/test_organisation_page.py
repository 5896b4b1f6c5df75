import pytest

from coflight.organisations.models import Organisation
from tests.conftest import FRESH_PAGE, text_of

pytestmark = pytest.mark.django_db


def test_it_shows_its_people_and_their_actions(client, report):
    tsp = Organisation.objects.get(name="TSP")
    response = client.get(tsp.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    assert "People 5" in page
    assert [p.given_name for p in response.context["people"]] == [
        "Jung",
        "Mohamed",
        "Mohamed",
        "Sami",
        "Samir",
    ]
    assert [a.position for a in response.context["actions"]] == [10, 13]
    assert f"?organisation={tsp.pk}" in response.content.decode()


def test_accents_in_its_name_are_kept(client, report):
    bourges = Organisation.objects.get(name="Université de Bourges University")
    response = client.get(bourges.get_absolute_url())
    assert "Université de Bourges University" in text_of(response)
    assert [a.position for a in response.context["actions"]] == [12]


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get("/organisations/777/").status_code == 404


def test_it_takes_the_same_queries_whatever_the_size(client, any_size, assert_queries):
    onapp = Organisation.objects.get(name="OnApp")
    # the page; organisation; how many people, a page of them, how many actions, the latest
    # with their owners and owner candidates
    with assert_queries(FRESH_PAGE + 1 + 6):
        assert client.get(onapp.get_absolute_url()).status_code == 200


def test_the_organisations_are_listed_and_the_menu_leads_there(client, report):
    response = client.get("/organisations/")
    assert response.status_code == 200
    page = text_of(response)
    assert "11 organisations" in page
    assert "TSP · 5 people" in page
    assert "Université de Savoie · 1 person" in page
    assert 'href="/organisations/"' in client.get("/").content.decode()


def test_the_organisation_list_takes_two_queries_whatever_the_size(
    client, any_size, assert_queries
):
    # the page cache's revision; how many; a page of them with their people counted
    with assert_queries(FRESH_PAGE + 2):
        assert client.get("/organisations/").status_code == 200

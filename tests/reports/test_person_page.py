import pytest

from tests.conftest import FRESH_PAGE, person, text_of
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_it_shows_their_attendances_and_the_actions_they_lead_or_co_own(client, report):
    jean_pierre = person("Jean-Pierre")
    response = client.get(jean_pierre.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    assert "Jean-Pierre Laisné" in page
    assert "Bull" in page
    assert "CompatibleOne 2013 & Beyond Workshop, 16 May 2013 · for Bull" in page
    assert [a.position for a in response.context["lead_actions"]] == [1]
    # soonest due first: the 30 May call, the 6 June meeting, the 13 June plenary, then undated
    assert [a.position for a in response.context["other_actions"]] == [6, 7, 10, 2, 3, 5, 11]
    assert "Open actions they lead 1" in page
    assert "Open actions they co-own 7" in page


def test_someone_who_did_not_attend_still_has_their_actions(client, report):
    response = client.get(person("Najah").get_absolute_url())
    page = text_of(response)
    assert "No report lists them among the attendees." in page
    assert "Organisation not stated in any report" in page
    assert [a.position for a in response.context["other_actions"]] == [11]


def test_a_patrice_sees_the_actions_that_may_be_theirs(client, report):
    patrice = person("Patrice", "Université de Savoie")
    response = client.get(patrice.get_absolute_url())
    page = text_of(response)
    assert [a.position for a in response.context["possible_actions"]] == [9, 12]
    assert "Actions that may be theirs 2" in page
    assert "Open actions they co-own 0" in page


def test_namesakes_have_pages_of_their_own(client, report):
    from coflight.people.models import Person

    tsp_mohameds = Person.objects.filter(given_name="Mohamed", organisation__name="TSP")
    urls = {m.get_absolute_url() for m in tsp_mohameds}
    assert len(urls) == 2
    for url in urls:
        assert client.get(url).status_code == 200


def test_an_unknown_person_is_a_404(client, db):
    assert client.get("/people/31337/").status_code == 404


@pytest.mark.parametrize(
    ("given_name", "organisation"),
    [("Jean-Pierre", "Bull"), ("Patrice", "Université de Bourges University")],
)
def test_it_takes_the_same_queries_whatever_the_size(
    client, any_size, given_name, organisation, assert_queries
):
    someone = person(given_name, organisation)
    # the page; person with organisation; how many attendances, a page of them with
    # their meetings; their open actions; their closed actions; the actions that may be theirs;
    # owners and owner candidates of whichever of those lists is not empty (Jean-Pierre owns
    # actions, Patrice may own some).
    with assert_queries(FRESH_PAGE + 1 + 7):
        assert client.get(someone.get_absolute_url()).status_code == 200


def test_a_busy_persons_page_shows_their_latest_twenty_closed_actions_and_links_the_rest(
    client, report
):
    from coflight.actions.models import Action
    from tests.factories import make_action, make_meeting

    ada = make_person("Ada")
    meeting = make_meeting(title="Busy")
    for n in range(25):
        make_action(meeting=meeting, owners=[ada], text=f"Closed {n:02d}", status="done")
    response = client.get(ada.get_absolute_url())
    shown = [a.text for a in response.context["closed_actions"]]
    assert shown == [f"Closed {n:02d}" for n in range(24, 4, -1)]
    assert response.context["closed_count"] == 25
    page = text_of(response)
    assert "Closed actions 25" in page
    assert "The latest 20, newest first. All their actions in the action list" in page
    assert f'href="/actions/?owner={ada.pk}"' in response.content.decode()
    assert Action.objects.owned_by(ada).count() == 25

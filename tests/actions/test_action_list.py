import datetime
import re

import pytest
from django.test import override_settings

from coflight.actions.models import Action
from coflight.organisations.models import Organisation
from tests.conftest import FRESH_PAGE, action_no, person, text_of
from tests.factories import make_action, make_meeting, make_person

pytestmark = pytest.mark.django_db


def positions(response) -> list[int]:
    """The listed actions' numbers in their meetings, in the order the page lists them."""
    return [
        int(n)
        for n in re.findall(
            r'class="muted action-number"[^>]*>no\. (\d+)<', response.content.decode()
        )
    ]


def test_it_lists_every_action_in_report_order(client, report):
    response = client.get("/actions/")
    assert response.status_code == 200
    assert positions(response) == list(range(1, 14))
    assert "13 actions" in text_of(response)


def test_filter_by_status(client, report):
    done = action_no(4)
    done.status = Action.Status.DONE
    done.save()
    assert positions(client.get("/actions/?status=done")) == [4]
    still_open = positions(client.get("/actions/?status=not_closed"))
    assert 4 not in still_open
    assert len(still_open) == 12


def test_filter_by_owner(client, report):
    jean_pierre = person("Jean-Pierre")
    response = client.get(f"/actions/?owner={jean_pierre.pk}")
    assert positions(response) == [1, 2, 3, 5, 6, 7, 10, 11]


def test_filter_by_organisation(client, report):
    onapp = Organisation.objects.get(name="OnApp")
    assert positions(client.get(f"/actions/?organisation={onapp.pk}")) == [2, 3, 4, 11]


def test_filter_by_meeting(client, report):
    other = make_meeting(title="Other")
    make_action(meeting=other, text="Elsewhere")
    assert positions(client.get(f"/actions/?meeting={report.pk}")) == list(range(1, 14))
    page = text_of(client.get(f"/actions/?meeting={other.pk}"))
    assert "1 action · " in page and "Elsewhere" in page


def test_overdue_means_due_before_today_and_not_done(client, report):
    action_no(7).status = Action.Status.DONE
    Action.objects.filter(pk=action_no(7).pk).update(status=Action.Status.DONE)
    assert positions(client.get("/actions/?overdue=on")) == [6, 8, 10]
    future = make_meeting(date=datetime.date.today() + datetime.timedelta(days=3))
    make_action(meeting=future, due_date=datetime.date.today() + datetime.timedelta(days=10))
    assert positions(client.get("/actions/?overdue=on")) == [6, 8, 10]


def test_filters_combine(client, report):
    jean_pierre = person("Jean-Pierre")
    assert positions(client.get(f"/actions/?owner={jean_pierre.pk}&overdue=on")) == [6, 7, 10]


def test_the_form_keeps_the_chosen_filters(client, report):
    tsp = Organisation.objects.get(name="TSP")
    content = client.get(f"/actions/?organisation={tsp.pk}&status=not_closed").content.decode()
    assert f'<option value="{tsp.pk}" selected>TSP</option>' in content
    assert '<option value="not_closed" selected>' in content


@override_settings(COFLIGHT_ACTIONS_PER_PAGE=5)
def test_pages_keep_the_filters_in_their_links(client, report):
    response = client.get(f"/actions/?meeting={report.pk}&status=not_closed")
    assert positions(response) == [1, 2, 3, 4, 5]
    content = response.content.decode()
    assert f'href="?meeting={report.pk}&amp;status=not_closed&amp;page=2"' in content
    assert "Page 1 of 3" in text_of(response)
    second = client.get(f"/actions/?status=not_closed&meeting={report.pk}&page=2")
    assert positions(second) == [6, 7, 8, 9, 10]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=finished", "Select a valid choice"),
        ("owner=abc", "There is no person with that id."),
        ("owner=999999", "There is no person with that id."),
        ("organisation=-1", "There is no organisation with that id."),
        ("meeting=1e9", "There is no meeting with that id."),
        ("meeting=99999999999999999999999", "There is no meeting with that id."),
    ],
)
def test_a_bad_filter_is_a_404_that_says_what_is_wrong(client, report, query, message):
    response = client.get(f"/actions/?{query}")
    assert response.status_code == 404
    page = text_of(response)
    assert "These filters cannot be applied" in page
    assert message in page
    assert "Show all actions" in page


def test_a_page_number_out_of_range_shows_the_last_page(client, report):
    response = client.get("/actions/?page=999")
    assert response.status_code == 200
    assert positions(response) == list(range(1, 14))
    assert client.get("/actions/?page=abc").status_code == 200


def test_owner_text_is_escaped(client, db):
    make_action(text="<script>x()</script>", owners=[make_person("<b>Eve</b>")])
    content = client.get("/actions/").content.decode()
    assert "<script>x()</script>" not in content
    assert "&lt;script&gt;x()&lt;/script&gt;" in content
    assert "<b>Eve</b>" not in content


def test_the_list_refuses_post(client, db):
    assert client.post("/actions/").status_code == 405


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 7), ("status=not_closed&overdue=on", 7), ("organisation=TSP", 8), ("owner=Samir", 8)],
)
def test_it_takes_the_same_queries_whatever_the_size(
    client, any_size, query, expected, assert_queries
):
    query = query.replace("TSP", str(Organisation.objects.get(name="TSP").pk))
    query = query.replace("Samir", str(person("Samir").pk))
    # the page (revision, then looked for and stored); count; the page of actions with meetings
    # and agenda items; their owners; owner candidates; the filter form's people, organisations
    # and meetings; and one to check a chosen organisation or owner exists.
    with assert_queries(FRESH_PAGE + expected):
        assert client.get(f"/actions/?{query}").status_code == 200


def test_the_owner_choices_tell_namesakes_apart(client, report):
    content = client.get("/actions/").content.decode()
    assert content.count(">Mohamed (TSP, 1)</option>") == 1
    assert content.count(">Mohamed (TSP, 2)</option>") == 1
    assert content.count(">Mohamed (Prologue)</option>") == 1
    assert ">Najah</option>" in content


def test_long_filter_lists_offer_the_first_two_hundred_and_the_one_chosen(client, db):
    from coflight.people.models import Person

    Person.objects.bulk_create(Person(given_name=f"P{i:04d}") for i in range(250))
    last = Person.objects.get(given_name="P0249")
    make_action(owners=[last], text="Only P0249's")
    response = client.get("/actions/")
    page = response.content.decode()
    owner_select = page.split('name="owner"')[1].split("</select>")[0]
    assert owner_select.count("<option") == 201
    assert "P0249" not in owner_select
    assert "Lists the first 200 people" in page
    assert 'aria-describedby="id_owner_helptext"' in page

    chosen = client.get("/actions/", {"owner": last.pk})
    owner_select = chosen.content.decode().split('name="owner"')[1].split("</select>")[0]
    assert f'<option value="{last.pk}" selected>P0249</option>' in owner_select
    assert "1 action · " in text_of(chosen) and "Only P0249's" in text_of(chosen)


def test_short_filter_lists_offer_everyone_without_a_note(client, report):
    page = client.get("/actions/").content.decode()
    owner_select = page.split('name="owner"')[1].split("</select>")[0]
    assert owner_select.count("<option") == 31
    assert "Lists the first" not in page

import datetime

import pytest

from coflight.actions.models import Action
from tests.conftest import action_no, text_of
from tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    response = client.get("/actions/mine/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/actions/mine/"


def test_it_lists_what_i_lead_first_then_what_i_co_own_with_overdue_marked(client, member, report):
    Action.objects.filter(pk=action_no(3).pk).update(status="done")
    client.force_login(member)
    response = client.get("/actions/mine/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Signed in as Jean-Pierre Laisné." in page
    assert [a.position for a in response.context["lead_actions"]] == [1]
    assert [a.position for a in response.context["other_actions"]] == [6, 7, 10, 2, 5, 11]
    assert page.index("Open actions you lead 1") < page.index("Open actions you co-own 6")
    assert page.count("Overdue") == 3


def test_an_action_due_in_the_future_is_not_overdue(client, member, report):
    future = make_meeting(date=datetime.date.today() + datetime.timedelta(days=30))
    jean_pierre = member.person
    make_action(
        meeting=future,
        owners=[jean_pierre],
        lead=jean_pierre,
        due_date=datetime.date.today() + datetime.timedelta(days=60),
        text="Later",
    )
    client.force_login(member)
    response = client.get("/actions/mine/")
    later = next(a for a in response.context["lead_actions"] if a.text == "Later")
    assert not later.is_overdue


def test_an_account_not_linked_to_a_person_is_told_so(client, outsider):
    client.force_login(outsider)
    page = text_of(client.get("/actions/mine/"))
    assert "Your account is not linked to a person yet" in page


def test_it_takes_the_same_queries_whatever_the_size(client, member, any_size, assert_queries):
    client.force_login(member)
    # session; user; the user's person; permissions (user, then groups: once per process); the
    # open actions (at most 20 of each kind, with how many), their owners and owner candidates
    with assert_queries(8):
        assert client.get("/actions/mine/").status_code == 200

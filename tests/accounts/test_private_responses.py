"""No shared cache (a proxy, a CDN) may keep what a signed-in user or a secret address gets."""

import pytest
from django.test import Client
from django.utils.cache import get_max_age

from coflight.notifications.tokens import unsubscribe_token
from coflight.people.models import Person
from tests.conftest import address

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "the report",
    "/actions/",
    "/actions/export.csv",
    "action 13",
    "/actions/mine/",
    "person Jean-Pierre",
    "/search/?q=Laisne",
    "/meetings.ics",
]


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_whatever_a_signed_in_user_gets_is_private(client, member, page):
    client.force_login(member)
    assert private(client.get(address(page)))


@pytest.mark.parametrize("page", ["the report", "/actions/", "/meetings.ics"])
def test_what_anyone_may_read_is_not_marked_private(client, report, page):
    assert not private(client.get(address(page)))


def test_a_personal_feed_and_an_unsubscribe_page_are_private(client, member):
    person = Person.objects.get(user=member)
    feed = client.get(f"/calendar/{person.renew_calendar_token()}.ics")
    assert private(feed)
    assert get_max_age(feed) == 0
    assert private(client.get(f"/email/unsubscribe/{unsubscribe_token(person)}/"))


def test_the_sign_in_page_stays_uncached_as_django_makes_it(db):
    assert "no-cache" in Client().get("/accounts/login/")["Cache-Control"]

"""A signed-in request costs one query, the session's, once the process knows the user; any
change to the user or to what they may do holds on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from coflight.accounts.roles import MEMBERS
from tests.conftest import REVISION, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    client.get("/")  # the process reads the user and their permissions once
    return client


def test_a_signed_in_request_costs_the_session_alone(signed_in, report, assert_queries):
    # the session, with the revision of what users may do; then the page's revision and the
    # stored page, from this process's memory
    with assert_queries(1 + REVISION):
        assert signed_in.get("/").status_code == 200


def test_a_new_name_shows_on_the_next_page(signed_in, member, report):
    member.username = "jp"
    member.save()
    assert ">jp</a>" in signed_in.get("/").content.decode()


def test_an_account_switched_off_is_signed_out_at_once(signed_in, member, report):
    member.is_active = False
    member.save()
    assert "Sign in" in text_of(signed_in.get("/"))
    assert signed_in.get("/actions/mine/").status_code == 302


def test_a_new_password_signs_out_the_other_sessions(signed_in, member, report):
    member.set_password("a whole new pass phrase")
    member.save()
    assert "Sign in" in text_of(signed_in.get("/"))


def test_signing_out_ends_the_session_for_every_copy_of_its_cookie(signed_in, report):
    copy = Client()
    copy.cookies = signed_in.cookies
    assert "Sign out" in text_of(copy.get("/"))
    signed_in.post("/accounts/logout/")
    assert "Sign in" in text_of(copy.get("/"))


def test_leaving_a_group_holds_on_the_next_request(signed_in, member, report):
    assert "/controls/" in signed_in.get(report.get_absolute_url()).content.decode()
    member.groups.remove(Group.objects.get(name=MEMBERS))
    assert "/controls/" not in signed_in.get(report.get_absolute_url()).content.decode()

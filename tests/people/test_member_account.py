"""Staff give a person a member account from the person's admin page, in one screen."""

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client

from coflight.accounts.roles import MEMBERS
from tests.conftest import person, text_of

pytestmark = pytest.mark.django_db

GOOD = {"username": "jamie", "email": "", "password1": "a long pass phrase", "password2": ""}


def account_page(person_pk: int) -> str:
    return f"/admin/people/person/{person_pk}/account/"


@pytest.fixture
def jamie(report):
    return person("Jamie")


@pytest.fixture
def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def test_the_person_page_offers_it_and_the_form_suggests_a_username(admin_client, jamie):
    change = admin_client.get(f"/admin/people/person/{jamie.pk}/change/").content.decode()
    assert f'href="{account_page(jamie.pk)}">Create a member account</a>' in change
    laisne = person("Jean-Pierre")
    page = admin_client.get(account_page(laisne.pk))
    assert page.status_code == 200
    assert page.context["form"]["username"].value() == "jean-pierre.laisne"
    assert "A member account for Jean-Pierre Laisné" in text_of(page)


def test_one_screen_makes_a_member_who_signs_in_as_that_person(admin_client, jamie):
    response = admin_client.post(account_page(jamie.pk), GOOD | {"password2": GOOD["password1"]})
    assert response.status_code == 302
    page = text_of(admin_client.get(response["Location"]))
    assert "now signs in as “jamie”, as a member. Give them the password you chose." in page
    user = User.objects.get(username="jamie")
    assert list(user.groups.values_list("name", flat=True)) == [MEMBERS]
    jamie.refresh_from_db()
    assert jamie.user == user
    member = Client()
    assert member.login(request=HttpRequest(), username="jamie", password=GOOD["password1"])
    assert "Create a member account" not in (
        admin_client.get(f"/admin/people/person/{jamie.pk}/change/").content.decode()
    )


def test_without_a_password_they_choose_one_through_forgot_your_password(admin_client, jamie):
    data = GOOD | {"email": "jamie@example.org", "password1": ""}
    response = admin_client.post(account_page(jamie.pk), data, follow=True)
    assert "They choose their password with “Forgot your password?”" in text_of(response)
    assert "jamie@example.org" in text_of(response)
    user = User.objects.get(username="jamie")
    assert user.email == "jamie@example.org"
    assert list(PasswordResetForm().get_users("jamie@example.org")) == [user]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GOOD | {"password1": ""}, "Give an email address or a password"),
        (GOOD | {"password2": "another one"}, "The two passwords differ."),
        (
            GOOD
            | {
                "password2": "a long pass phrase",
                "password1": "a long pass phrase",
                "username": "a b",
            },
            "letters, digits",
        ),
        (GOOD | {"username": "Root", "password2": GOOD["password1"]}, "already an account"),
        (GOOD | {"password1": "123", "password2": "123"}, "This password is too short"),
        (GOOD | {"email": "not an address", "password1": ""}, "Enter a valid email address"),
    ],
)
def test_bad_input_says_why_and_creates_nothing(admin_client, jamie, data, message):
    users = User.objects.count()
    response = admin_client.post(account_page(jamie.pk), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert User.objects.count() == users
    jamie.refresh_from_db()
    assert jamie.user is None


def test_a_second_click_makes_no_second_account(admin_client, jamie):
    data = GOOD | {"password2": GOOD["password1"]}
    admin_client.post(account_page(jamie.pk), data)
    again = admin_client.post(account_page(jamie.pk), data | {"username": "jamie2"}, follow=True)
    assert "already signs in as “jamie”" in text_of(again)
    assert not User.objects.filter(username="jamie2").exists()


def test_it_is_for_those_who_may_add_users_only(client, jamie, member, staff):
    data = GOOD | {"password2": GOOD["password1"]}
    anonymous = client.post(account_page(jamie.pk), data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(member)  # a member, not staff
    assert client.post(account_page(jamie.pk), data)["Location"].startswith("/admin/login/")
    client.force_login(staff)  # staff who may edit people, not accounts
    assert client.post(account_page(jamie.pk), data).status_code == 403
    assert "Create a member account" not in (
        client.get(f"/admin/people/person/{jamie.pk}/change/").content.decode()
    )
    assert not User.objects.filter(username="jamie").exists()


def test_a_bad_id_is_a_404_and_a_missing_csrf_token_a_403(superuser, jamie):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.get(account_page(999_999)).status_code == 404
    data = GOOD | {"password2": GOOD["password1"]}
    assert client.post(account_page(jamie.pk), data).status_code == 403
    assert not User.objects.filter(username="jamie").exists()


def test_the_page_takes_a_handful_of_queries(admin_client, jamie, assert_queries):
    # session, user, person with organisation and account, the usernames taken
    with assert_queries(4):
        admin_client.get(account_page(jamie.pk))

"""Sign-in throttling: django-axes locks an account+address out after too many failures."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from django.test import Client, override_settings

from tests.conftest import text_of

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
GOOD = {"username": "jeanpierre", "password": "pw-jeanpierre-123"}
BAD = {"username": "jeanpierre", "password": "wrong"}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Each attempt checks a password; a cheap hasher keeps dozens of them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def fail(client, times: int, url: str = "/accounts/login/", **extra):
    return [client.post(url, BAD, **extra) for _ in range(times)][-1]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_defaults_are_ten_failures_and_an_hour():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert datetime.timedelta(hours=1) == settings.AXES_COOLOFF_TIME
    assert settings.COFLIGHT_SIGN_IN_ACCOUNT_FAILURES == 100


def test_failures_below_the_limit_still_let_the_right_password_in(client, member):
    assert fail(client, LIMIT - 1).status_code == 200
    response = client.post("/accounts/login/", GOOD)
    assert response.status_code == 302
    assert signed_in(client)


def test_at_the_limit_the_right_password_is_refused_with_a_message(client, member):
    locked = fail(client, LIMIT)
    assert locked.status_code == 429
    assert "Too many failed attempts to sign in to this account" in text_of(locked)
    assert "Try again in 60 minutes." in text_of(locked)
    response = client.post("/accounts/login/", GOOD)
    assert response.status_code == 429
    assert "signing in is paused" in text_of(response)
    assert not signed_in(client)


def test_a_success_clears_the_failures(client, member):
    fail(client, LIMIT - 1)
    client.post("/accounts/login/", GOOD)
    client.post("/accounts/logout/")
    assert fail(client, LIMIT - 1).status_code == 200
    client.post("/accounts/login/", GOOD)
    assert signed_in(client)


def test_the_lock_out_is_for_that_account_from_that_address(client, member, outsider):
    fail(client, LIMIT)
    other_account = client.post(
        "/accounts/login/", {"username": "outsider", "password": "pw-outsider-123"}
    )
    assert other_account.status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    elsewhere.post("/accounts/login/", GOOD)
    assert signed_in(elsewhere)


def test_the_lock_out_ends_after_the_cool_off(client, member):
    fail(client, LIMIT)
    assert client.post("/accounts/login/", GOOD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = client.post("/accounts/login/", GOOD)
    assert response.status_code == 302
    assert signed_in(client)


def test_trying_again_while_locked_out_does_not_extend_it(client, member):
    fail(client, LIMIT)
    fail(client, 5)
    assert AccessAttempt.objects.get(username="jeanpierre").failures_since_start == LIMIT


@override_settings(COFLIGHT_SIGN_IN_ACCOUNT_FAILURES=25)
def test_an_account_failing_from_many_addresses_is_locked_everywhere(member):
    for n in range(5):
        fail(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), 5)
    fresh = Client(REMOTE_ADDR="198.51.100.1")
    response = fresh.post("/accounts/login/", GOOD)
    assert response.status_code == 429
    assert not signed_in(fresh)


def test_the_admin_sign_in_is_throttled_too(client, staff):
    credentials = {"username": "staff", "password": "wrong", "next": "/admin/"}
    for _ in range(LIMIT):
        response = client.post("/admin/login/", credentials)
    assert response.status_code == 429
    response = client.post("/admin/login/", credentials | {"password": "pw-staff-123"})
    assert response.status_code == 429
    assert "Too many failed attempts" in text_of(response)
    assert not signed_in(client)


def test_the_lock_out_page_is_in_the_language_of_the_rest(client, member):
    fail(client, LIMIT, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post("/accounts/login/", GOOD, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert response["Content-Language"] == "fr"
    assert "Trop de tentatives de connexion à ce compte ont échoué" in text_of(response)


def test_the_test_clients_login_still_works_when_given_a_request(client, member):
    assert client.login(request=HttpRequest(), **GOOD)
    assert signed_in(client)


@override_settings(AXES_CLIENT_IP_CALLABLE="coflight.accounts.throttling.forwarded_address")
def test_behind_a_load_balancer_the_forwarded_address_counts(member):
    """Every request arrives from the balancer; the address it appended tells clients apart."""
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    fail(attacker, LIMIT)
    assert attacker.post("/accounts/login/", GOOD).status_code == 429
    # What a client puts in the header itself comes before the balancer's entry and is ignored.
    forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4, 203.0.113.9")
    assert forged.post("/accounts/login/", GOOD).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert colleague.post("/accounts/login/", GOOD).status_code == 302


def test_the_limits_are_read_from_the_environment_strictly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from coflight.settings import env_int

    monkeypatch.setenv("COFLIGHT_SIGN_IN_FAILURES", "5")
    assert env_int("COFLIGHT_SIGN_IN_FAILURES", 10) == 5
    monkeypatch.delenv("COFLIGHT_SIGN_IN_FAILURES")
    assert env_int("COFLIGHT_SIGN_IN_FAILURES", 10) == 10
    for wrong in ("ten", "0", "-3", "1.5"):
        monkeypatch.setenv("COFLIGHT_SIGN_IN_FAILURES", wrong)
        with pytest.raises(ImproperlyConfigured, match="COFLIGHT_SIGN_IN_FAILURES must be a whole"):
            env_int("COFLIGHT_SIGN_IN_FAILURES", 10)


def test_a_name_longer_than_any_username_is_a_failed_sign_in_like_any_other(client, member):
    # Found by the form fuzzing on PostgreSQL: axes could not record a 300-character name (500).
    too_long = {"username": "ß" * 300, "password": "wrong"}
    response = client.post("/accounts/login/", too_long)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in text_of(response)
    assert [len(a.username) for a in AccessAttempt.objects.all()] == [150]

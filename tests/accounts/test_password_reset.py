"""Password resets: throttled per address and per client, and answered the same way whether or
not the address has an account, the email being written to the outbox and sent afterwards."""

import pytest
from django.core import mail
from django.test import Client

from coflight.notifications.models import OutgoingEmail
from tests.conftest import at_once

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"


@pytest.fixture
def ann(django_user_model):
    return django_user_model.objects.create_user(
        "ann", email="ann@example.org", password="an-old-password-123"
    )


def test_a_reset_link_is_sent_and_not_kept_in_the_outbox(client, ann):
    response = client.post(RESET, {"email": "ann@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    [message] = mail.outbox
    assert message.to == ["ann@example.org"]
    assert "/accounts/reset/" in message.body
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.PASSWORD_RESET)
    assert email.status == OutgoingEmail.Status.SENT
    assert email.text == email.html == ""
    assert "List-Unsubscribe" not in message.extra_headers


def test_an_address_without_an_account_gets_the_same_answer(client, ann):
    known = client.post(RESET, {"email": "ann@example.org"})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1


def test_a_fourth_reset_for_one_address_within_the_hour_is_refused(ann):
    answers = [Client().post(RESET, {"email": "ann@example.org"}).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    page = Client().post(RESET, {"email": "ANN@example.org"}).content.decode()
    assert "Too many password resets were asked for this address" in page


def test_one_client_asking_for_many_addresses_is_refused_after_ten(client, ann):
    answers = [
        client.post(RESET, {"email": f"guess{n}@example.org"}).status_code for n in range(10)
    ]
    assert answers == [302] * 10
    assert client.post(RESET, {"email": "ann@example.org"}).status_code == 429
    assert mail.outbox == []
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(RESET, {"email": "ann@example.org"}).status_code == 302


def test_a_mail_server_that_is_down_does_not_break_the_reset(client, ann, settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"
    assert client.post(RESET, {"email": "ann@example.org"}).status_code == 302
    email = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.PASSWORD_RESET)
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.last_error.startswith("ConnectionRefusedError")


@pytest.mark.django_db(transaction=True)
def test_resets_asked_at_once_still_send_at_most_three(ann):
    def ask() -> int:
        return Client().post(RESET, {"email": "ann@example.org"}).status_code

    answers = at_once(*[ask] * 6)
    assert answers.count(302) <= 3
    assert set(answers) <= {302, 429}
    assert len(mail.outbox) == answers.count(302)

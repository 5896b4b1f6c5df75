import datetime
import email
import email.policy

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from coflight.notifications import emails, outbox
from tests.factories import make_person


@pytest.fixture
def helene(db):
    return make_person("Hélène", family_name="Laïk", email="helene@example.org")


@pytest.fixture
def bob(db):
    return make_person("Bob", family_name="Martin", email="bob@example.org")


def settled() -> datetime.datetime:
    """A moment when every assignment made so far has waited long enough to be told."""
    return timezone.now() + datetime.timedelta(minutes=6)


def tell_owners() -> outbox.Delivery:
    """What `send_notifications` does, a few minutes from now."""
    emails.flush_assignments(now=settled())
    return outbox.deliver()


def text_and_html(message) -> tuple[str, str]:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def header(message, name: str) -> str:
    """A header as a mail program shows it, encoded words decoded."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    return str(parsed[name]).strip()


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")

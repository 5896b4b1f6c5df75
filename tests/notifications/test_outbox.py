import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from coflight.notifications import emails, outbox
from coflight.notifications.models import OutgoingEmail
from tests.factories import make_action

from .conftest import settled

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(helene) -> OutgoingEmail:
    make_action(owners=[helene], text="Check the outbox")
    emails.flush_assignments(now=settled())
    return OutgoingEmail.objects.get()


def test_an_email_another_run_is_sending_is_left_to_it(queued, mailoutbox):
    OutgoingEmail.objects.update(claimed_at=timezone.now())
    assert outbox.deliver() == outbox.Delivery()
    assert mailoutbox == []


def test_a_claim_left_by_a_run_that_died_is_taken_over(queued, mailoutbox):
    OutgoingEmail.objects.update(claimed_at=timezone.now() - datetime.timedelta(minutes=20))
    assert outbox.deliver().sent == 1
    assert len(mailoutbox) == 1


def test_a_sent_email_is_never_sent_again(queued, mailoutbox):
    outbox.deliver()
    outbox.deliver()
    assert len(mailoutbox) == 1
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert queued.sent_to == "=?utf-8?b?SMOpbMOobmUgTGHDr2s=?= <helene@example.org>"
    assert queued.sent_at is not None


def test_the_database_refuses_a_sent_email_without_its_time(queued):
    with pytest.raises(IntegrityError):
        OutgoingEmail.objects.filter(pk=queued.pk).update(status="sent")


def test_staff_read_the_outbox_in_the_admin_but_do_not_write_it(client, staff, queued):
    client.force_login(staff)
    listing = client.get("/admin/notifications/outgoingemail/")
    assert listing.status_code == 200
    assert "New action for you: Check the outbox" in listing.content.decode()
    assert client.get(f"/admin/notifications/outgoingemail/{queued.pk}/change/").status_code == 200
    assert client.get("/admin/notifications/outgoingemail/add/").status_code == 403


def test_members_do_not_see_it(client, member, queued):
    client.force_login(member)
    assert client.get("/admin/notifications/outgoingemail/").status_code == 302

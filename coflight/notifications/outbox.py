"""Sending what the outbox holds, once, and trying again later what could not be sent.

Emails are written to OutgoingEmail first (emails.py) and sent from there: a send that fails
stays queued, is logged, and is tried again by the next `send_notifications` or
`send_reminders`. Each email is claimed before it is sent, so runs side by side send nothing
twice.

django-mailer and django-post-office do this job in general, but coflight keeps its own: both
guard their queue with a file lock that only holds on one machine, or (django-mailer) with row
locks that its documentation says degrade SQLite, coflight's embedded default; and neither knows
the person an email is for, which coflight needs to cancel what an opted-out person would still
get, and for the database constraint that sends one reminder per person per day.
"""

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.signals import request_finished
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from .models import OutgoingEmail, OutgoingEmailQuerySet
from .tokens import one_click_unsubscribe_url

logger = logging.getLogger(__name__)


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    cancelled: int = 0

    def __iadd__(self, other: "Delivery") -> "Delivery":
        self.sent += other.sent
        self.failed += other.failed
        self.cancelled += other.cancelled
        return self


def deliver(
    emails: OutgoingEmailQuerySet | None = None, *, now: datetime.datetime | None = None
) -> Delivery:
    """Sends the queued emails (all of them, or those of `emails`) over one connection."""
    now = now or timezone.now()
    queue = (emails if emails is not None else OutgoingEmail.objects.all()).deliverable(now)
    candidates = list(queue.select_related("person").order_by("created_at", "pk"))
    result = Delivery()
    if not candidates:
        return result
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        # Whatever the backend raises, the emails stay queued for the next run.
        logger.exception("Could not reach the mail server; %d emails stay queued", len(candidates))
        result.failed = len(candidates)
        return result
    try:
        for email in candidates:
            result += _deliver_one(email, connection, now)
    finally:
        connection.close()
    return result


def _deliver_one(email: OutgoingEmail, connection, now: datetime.datetime) -> Delivery:
    rows = OutgoingEmail.objects.filter(pk=email.pk)
    if not rows.deliverable(now).update(claimed_at=now, attempts=F("attempts") + 1):
        return Delivery()  # another run is sending it
    person = email.person
    headers = {"Auto-Submitted": "auto-generated"}
    if email.kind == OutgoingEmail.Kind.PASSWORD_RESET:
        # Asked for by whoever holds the address, whatever their email preferences.
        address = email.to_address
    elif person is None or not person.can_be_emailed:
        rows.update(status=OutgoingEmail.Status.CANCELLED, claimed_at=None)
        return Delivery(cancelled=1)
    else:
        address = formataddr((person.name, person.email))
        headers |= {
            "List-Unsubscribe": f"<{one_click_unsubscribe_url(person)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[address],
        connection=connection,
        headers=headers,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as error:
        # Any backend error: the request or command that asked for it carries on.
        attempts = email.attempts + 1
        gave_up = attempts >= OutgoingEmail.MAX_ATTEMPTS
        rows.update(
            status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.QUEUED,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.log(
            logging.ERROR if gave_up else logging.WARNING,
            "Could not send email %s (%s) to person %s, attempt %d%s: %s",
            email.pk,
            email.kind,
            email.person_id,
            attempts,
            ", giving up" if gave_up else "; it will be tried again",
            error,
        )
        return Delivery(failed=1)
    sent = {"text": "", "html": ""} if email.kind == OutgoingEmail.Kind.PASSWORD_RESET else {}
    rows.update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        sent_to=address[:400],
        claimed_at=None,
        last_error="",
        # Once sent, a reset link is nobody else's business: not the admin's, not a backup's.
        **sent,
    )
    return Delivery(sent=1)


_after_response = threading.local()


def after_response(task: Callable[[], object]) -> None:
    """Runs `task` once the answer to the current request has gone out (request_finished), so
    that what the task does, and how long it takes, shows neither in the answer nor its timing.
    A task that fails is logged; the answer has gone already."""
    if not hasattr(_after_response, "tasks"):
        _after_response.tasks = []
    _after_response.tasks.append(task)


@receiver(request_finished)
def _run_what_the_request_left(**kwargs) -> None:
    tasks, _after_response.tasks = getattr(_after_response, "tasks", []), []
    for task in tasks:
        try:
            task()
        except Exception:
            logger.exception("A task left for after the answer failed")

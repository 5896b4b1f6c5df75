import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coflight.actions.models import Action
from coflight.people.models import Person


class PendingAssignment(models.Model):
    """A person became an owner of an action and has not been told yet.

    Assignments wait here until the person's newest one is a few minutes old, so that a burst
    of edits (add an owner, make them lead, add them to three more actions) makes one email.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment to tell")
        verbose_name_plural = _("assignments to tell")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "action"], name="pending_assignment_once_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.action_id}"

    @classmethod
    def queue(cls, *, person_id: int, action_id: int) -> None:
        """Queues the assignment, or restarts its wait if it is already queued; one query."""
        cls.queue_many([(person_id, action_id)])

    @classmethod
    def queue_many(cls, assignments: Iterable[tuple[int, int]]) -> None:
        """Queues each (person, action) pair as `queue` does, in one query per thousand."""
        now = timezone.now()
        PendingAssignment.objects.bulk_create(
            [PendingAssignment(person_id=p, action_id=a, queued_at=now) for p, a in assignments],
            update_conflicts=True,
            unique_fields=["person", "action"],
            update_fields=["queued_at"],
            batch_size=1000,
        )


class OutgoingEmailQuerySet(models.QuerySet):
    def deliverable(self, now: datetime.datetime | None = None) -> "OutgoingEmailQuerySet":
        """Queued emails nobody is sending right now; a claim older than CLAIM_TIMEOUT is dead."""
        now = now or timezone.now()
        return self.filter(status=OutgoingEmail.Status.QUEUED).filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - OutgoingEmail.CLAIM_TIMEOUT)
        )


class OutgoingEmail(models.Model):
    """Every email coflight sends goes through here, so a failed send can be tried again."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("New actions")
        REMINDER = "reminder", _("Reminder")
        MINUTES = "minutes", _("Minutes")
        PASSWORD_RESET = "password_reset", _("Password reset")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Not sent: no address, or opted out")
        FAILED = "failed", _("Failed too often; given up")

    MAX_ATTEMPTS = 10
    CLAIM_TIMEOUT = datetime.timedelta(minutes=15)

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="emails",
        null=True,
        blank=True,
        help_text=_("Whom it is about; empty for a password reset, which goes to an account."),
    )
    to_address = models.EmailField(
        _("to"),
        blank=True,
        help_text=_("A password reset's address; a person's email uses theirs."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    reminder_day = models.DateField(
        _("reminder of"), null=True, blank=True, help_text=_("The day a reminder is for.")
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=400, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        permissions = [("send_minutes", _("Can send a meeting's minutes by email"))]
        constraints = [
            # Running the reminders twice on a day sends nothing more.
            models.UniqueConstraint(
                fields=["person", "reminder_day"],
                condition=Q(kind="reminder"),
                name="one_reminder_per_person_per_day",
            ),
            models.CheckConstraint(
                condition=Q(kind="reminder", reminder_day__isnull=False)
                | (~Q(kind="reminder") & Q(reminder_day__isnull=True)),
                name="reminder_has_its_day",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="sent_email_has_its_time",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["assignment", "reminder", "minutes", "password_reset"]),
                name="email_kind_is_known",
            ),
            # A password reset goes to an account's address; everything else to a person.
            models.CheckConstraint(
                condition=(Q(kind="password_reset") & ~Q(to_address=""))
                | (~Q(kind="password_reset") & Q(person__isnull=False)),
                name="email_has_a_recipient",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sent", "cancelled", "failed"]),
                name="email_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="email_status_idx")]

    def __str__(self) -> str:
        return self.subject

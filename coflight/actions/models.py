import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coflight.people.models import Mention, Person

# A list of actions names its meetings but never shows their report, so it need not fetch it.
HEAVY_MEETING_FIELDS = [
    f"{relation}__{field}"
    for relation in ("meeting", "due_meeting")
    for field in ("summary", "source_text")
]


class ActionQuerySet(models.QuerySet):
    def for_display(self) -> "ActionQuerySet":
        """What any list of actions shows: owners as the report lists them, due meeting, origin."""
        return (
            self.select_related("meeting", "agenda_item__parent", "due_meeting")
            .defer(*HEAVY_MEETING_FIELDS)
            .prefetch_related(
                Prefetch(
                    "ownerships",
                    queryset=Ownership.objects.select_related(
                        "person__organisation"
                    ).prefetch_related(
                        Prefetch("candidates", queryset=Person.objects.with_organisation())
                    ),
                )
            )
        )

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.alias(due_on=Coalesce("due_date", "due_meeting__date")).filter(
            due_on__lt=today or timezone.localdate(), status__in=Action.OPEN_STATUSES
        )

    def owned_by(self, person: Person) -> "ActionQuerySet":
        return self.filter(ownerships__person=person)

    def possibly_owned_by(self, person: Person) -> "ActionQuerySet":
        """Actions whose owner the report names ambiguously, with `person` as a candidate."""
        return self.filter(
            Exists(
                Ownership.objects.filter(
                    action=OuterRef("pk"), person__isnull=True, candidates=person
                )
            )
        )

    def of_organisation(self, organisation) -> "ActionQuerySet":
        return self.filter(
            Exists(
                Ownership.objects.filter(action=OuterRef("pk"), person__organisation=organisation)
            )
        )

    def in_report_order(self) -> "ActionQuerySet":
        return self.order_by(F("meeting__date").desc(), "meeting_id", "position", "pk")


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        related_name="actions",
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(
        _("number in the report"), help_text=_("1 for the meeting's first action, and so on.")
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("after minutes paragraph"),
        null=True,
        blank=True,
        help_text=_("Where the action stands in the item's minutes; empty puts it at the end."),
    )
    text = models.TextField(_("text"))
    acting_for = models.CharField(
        _("acting for"),
        max_length=300,
        blank=True,
        help_text=_("As the report says it, e.g. “in replacement of a nominated project manager”."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("due at meeting"),
        on_delete=models.PROTECT,
        related_name="actions_due",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="action_unique_position_in_meeting"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "dropped"]),
                name="action_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="action_status_idx")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    def clean(self) -> None:
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("That agenda item is from another meeting.")})
        if self.due_meeting_id and self.due_meeting_id == self.meeting_id:
            raise ValidationError({"due_meeting": _("An action cannot be due at its own meeting.")})

    @property
    def due(self) -> datetime.date | None:
        if self.due_date:
            return self.due_date
        return self.due_meeting.date if self.due_meeting_id else None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due is not None and self.due < timezone.localdate()


class Ownership(Mention):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="ownerships"
    )
    is_lead = models.BooleanField(_("lead"), default=False)

    class Meta(Mention.Meta):
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            models.UniqueConstraint(
                fields=["action"], condition=Q(is_lead=True), name="action_has_one_lead"
            ),
            models.UniqueConstraint(
                fields=["action", "person"],
                condition=Q(person__isnull=False),
                name="owner_once_per_action",
            ),
        ]

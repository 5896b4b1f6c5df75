import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coflight.dates import validate_plausible
from coflight.pagecache.models import MEETING_PAGE, Pages, Revision
from coflight.pagecache.models import key as revision_key
from coflight.people.models import Mention, Person


class Series(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        # The order they were first recorded in, which is the order the report lists them.
        ordering = ["pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date | None = None) -> "MeetingQuerySet":
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "starts_at")

    def past(self, today: datetime.date | None = None) -> "MeetingQuerySet":
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-starts_at")

    def due_choices(self, today: datetime.date | None = None) -> list["Meeting"]:
        """The meetings an action is likely to be moved to: the next ones and the latest."""
        meetings = self.only("title", "date")
        today = today or timezone.localdate()
        upcoming = list(meetings.filter(date__gte=today).order_by("date", "pk")[:20])
        recent = list(meetings.filter(date__lt=today).order_by("-date", "-pk")[:10])
        return [*reversed(recent), *upcoming]

    def placeholder_for(self, date: datetime.date, kind: str, series: str = "") -> "Meeting | None":
        """The meeting an earlier report announced for that day ("the following weekly meeting
        (6 June)") and nobody has written up yet: the minutes of that day belong in it."""
        written_up = Q(source_text__gt="") | Q(attendances__isnull=False)
        candidates = (
            self.filter(date=date)
            .filter(Q(kind=kind) | Q(series__name=series) if series else Q(kind=kind))
            .exclude(written_up)
            .exclude(agenda_items__isnull=False)
            .distinct()
            .order_by("pk")
        )
        return candidates.first()

    def for_report(self) -> "MeetingQuerySet":
        """What a meeting's report shows besides its actions, in a fixed number of queries.

        The actions come from `Action.objects.for_display().placed_in(...)`.
        """
        candidates = Prefetch("candidates", queryset=Person.objects.with_organisation())
        return self.select_related("series", "next_meeting").prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related(
                    "person__organisation", "organisation"
                ).prefetch_related(candidates),
            ),
            "projects",
            Prefetch("materials", queryset=Material.objects.filter(agenda_item=None)),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("person__organisation", "organisation"),
            ),
            Prefetch("amendments", queryset=Amendment.objects.select_related("made_by")),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch(
                        "presentations",
                        queryset=Presentation.objects.select_related("person").prefetch_related(
                            candidates
                        ),
                    ),
                    "materials",
                ),
            ),
        )


class Meeting(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        WEEKLY_CALL = "weekly_call", _("Weekly call")
        PLENARY = "plenary", _("Plenary")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        """Planned, then held, then written up: readers see the minutes once published."""

        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DRAFT = "draft", _("Minutes in draft")
        PUBLISHED = "published", _("Minutes published")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
    )
    number = models.PositiveSmallIntegerField(
        _("number in series"),
        null=True,
        blank=True,
        help_text=_("The “3” of “the 3rd workshop”. Empty when the report does not say."),
    )
    date = models.DateField(
        _("date"), help_text=_("The day of the meeting, in Paris."), validators=[validate_plausible]
    )
    # "14-15 January 2019": a meeting held over several days ends on its last.
    last_day = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("The last day of a meeting held over several days; empty for one day."),
    )
    # Reports often give a day without a time ("the following weekly meeting (6 June)"):
    # the times stay empty rather than made up.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    dial_in = models.CharField(_("dial-in"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # What the minutes say after their agenda and outside it: closing words, a signature, the
    # wiki's footer. Kept as written, for no line of imported minutes is ever dropped.
    closing_text = models.TextField(_("closing text"), blank=True)
    projects = models.ManyToManyField(
        Project,
        verbose_name=_("projects represented"),
        related_name="meetings",
        blank=True,
    )
    next_meeting = models.ForeignKey(
        "self",
        verbose_name=_("next meeting"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The meeting the report announces as the next one."),
    )
    source_url = models.URLField(_("link to the source report"), blank=True)
    source_dated = models.DateField(
        _("source page dated"),
        null=True,
        blank=True,
        help_text=_("The date the source page itself carries, which may differ from the meeting."),
        validators=[validate_plausible],
    )
    source_text = models.TextField(
        _("source report text"),
        blank=True,
        help_text=_("The report as published, kept byte for byte."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # When it was actually held and written up, which may differ from the times announced.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        # Lists of actions come in report order, newest meeting first: walking the meetings
        # by date lets a page of them stop after fifty, however many there are.
        indexes = [models.Index(F("date").desc(), "id", name="meeting_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="meeting_unique_number_in_series"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gt=models.F("date")),
                name="meeting_last_day_after_first",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "draft", "published"]),
                name="meeting_status_known",
            ),
            # A meeting imported as published may not say when it really started.
            models.CheckConstraint(
                condition=Q(status__in=["planned", "published"]) | Q(started_at__isnull=False),
                name="meeting_held_has_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @classmethod
    def page_revision_of(cls, pk: int) -> str | None:
        """What the page of meeting `pk` shows changes with this, if there is one: one query."""
        rows = MEETING_PAGE.format(meeting="m.id", date="m.date")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {Revision.objects.columns(rows)} "
                f"FROM {cls._meta.db_table} m WHERE m.id = %s",
                [pk],
            )
            found = cursor.fetchone()
        return revision_key(*found) if found else None

    def clean(self) -> None:
        if self.starts_at and timezone.localdate(self.starts_at) != self.date:
            raise ValidationError({"starts_at": _("The start must fall on the meeting's date.")})

    @property
    def is_upcoming(self) -> bool:
        return self.date >= timezone.localdate()

    def absentees(self) -> list["Invitation"]:
        """Those invited who sent apologies or were absent (prefetched by for_report)."""
        return [i for i in self.invitations.all() if i.absence]

    def agenda(self) -> list[tuple["AgendaItem", list["AgendaItem"]]]:
        """Top-level agenda items, each with its sub-items (uses the prefetch)."""
        items = list(self.agenda_items.all())
        return [
            (item, [child for child in items if child.parent_id == item.pk])
            for item in items
            if item.parent_id is None
        ]


class Attendance(Mention):
    """Someone at a meeting, for the organisation they came with that day.

    The report may list a name that fits several people (TSP sent two Mohameds): the attendance
    then names its candidates rather than guessing, like an owner or a presenter.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="attendances",
        null=True,
        blank=True,
    )
    # What the minutes' list says of them beside their name: "SFC, Moderator", "left at 11:04".
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Times the roll call noted ("left at 11:04"); a report rarely says.
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta(Mention.Meta):
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="attendance_once_per_person_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True)
                | Q(arrived_at__isnull=True)
                | Q(left_at__gte=models.F("arrived_at")),
                name="attendance_leaves_after_arriving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.written_as} @ {self.meeting}"

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]

    def save(self, *args, **kwargs) -> None:
        if not self.written_as and self.person is not None:
            self.written_as = self.person.name[:200]
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """Someone invited to a meeting, for an organisation. At the roll call they come (an
    attendance), send apologies or are absent."""

    class Absence(models.TextChoices):
        EXCUSED = "excused", _("Excused (apologies)")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("for the organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
        null=True,
        blank=True,
    )
    absence = models.CharField(_("absence"), max_length=10, choices=Absence.choices, blank=True)

    class Meta:
        ordering = ["organisation__name", "person__family_name", "person__given_name", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="invitation_once_per_person_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(absence__in=["", "excused", "absent"]), name="invitation_absence_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.meeting}"

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]


class StaleMinutes(Exception):
    """Someone saved the item's minutes since the version these were typed over."""


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    label = models.CharField(
        _("number"), max_length=10, help_text=_("As the agenda numbers it: “2”, or “a” under 2.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_(
            "Paragraphs separated by a blank line. Actions sit after the paragraph they name."
        ),
    )
    duration = models.PositiveSmallIntegerField(
        _("planned duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    recurring = models.BooleanField(
        _("recurring"),
        default=False,
        help_text=_("Copied to the next meeting of the series when it is planned."),
    )
    # Every save of the minutes carries the version it was typed over, so that two people
    # writing the same item never overwrite each other unseen.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Every accepted save of the minutes, as typed: nothing a secretary wrote is lost.
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "label"],
                condition=Q(parent__isnull=True),
                name="agenda_item_unique_top_label",
            ),
            models.UniqueConstraint(
                fields=["parent", "label"],
                condition=Q(parent__isnull=False),
                name="agenda_item_unique_sub_label",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="agenda_item_not_its_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}) {self.title}"

    @property
    def number(self) -> str:
        return f"{self.parent.label}{self.label}" if self.parent else self.label

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]

    def write_minutes(self, text: str, version: int) -> None:
        """Saves `text` as the minutes if nobody has saved them since `version`.

        A conditional UPDATE claims the row (on PostgreSQL a concurrent save waits, then finds
        the version moved), so that of two people typing, the later save is refused, never
        lost: StaleMinutes, and both texts stay where they are.
        """
        with transaction.atomic():
            claimed = AgendaItem.objects.filter(pk=self.pk, version=version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise StaleMinutes
            self.minutes, self.version = text, version + 1
            self.save(update_fields=["minutes"])

    def clean(self) -> None:
        if self.parent and self.parent.parent_id:
            raise ValidationError({"parent": _("Agenda items nest one level deep only.")})
        if self.parent and self.parent.meeting_id != self.meeting_id:
            raise ValidationError({"parent": _("The parent item belongs to another meeting.")})


class Presentation(Mention):
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="presentations",
    )

    def pages_shown_on(self) -> list[Pages]:
        meeting = AgendaItem.objects.filter(pk=self.agenda_item_id).values_list("meeting_id")
        return [Pages(pk) for (pk,) in meeting]

    class Meta(Mention.Meta):
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"],
                condition=Q(person__isnull=False),
                name="presenter_once_per_item",
            ),
        ]


class Material(models.Model):
    """Slides or documents the report points to.

    The saved report often keeps the words "available here" but not the link itself;
    the material is still recorded, with an empty URL, so that nobody invents one.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="materials",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]


class Amendment(models.Model):
    """A change to an item's minutes after they were published, with the reason for it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="amendments"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        related_name="amendments",
        null=True,
    )
    # The item's number and title when amended: they stay readable if the item goes.
    item_heading = models.CharField(_("item"), max_length=320)
    reason = models.CharField(_("reason"), max_length=500)
    minutes_before = models.TextField(_("minutes before"), blank=True)
    minutes_after = models.TextField(_("minutes after"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.item_heading}: {self.reason}"

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coflight.dates import validate_plausible
from coflight.meetings.models import Meeting, MeetingQuerySet
from coflight.pagecache.models import Pages
from coflight.people.models import Mention, Person

from .permissions import VIEW_DRAFTS

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

    def readable_by(self, user) -> "ActionQuerySet":
        """Readers see the actions of published minutes; members also those being written."""
        if user.has_perm(VIEW_DRAFTS):
            return self
        return self.filter(meeting__status=Meeting.Status.PUBLISHED)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.alias(due_on=Coalesce("due_date", "due_meeting__date")).filter(
            due_on__lt=today or timezone.localdate(), status__in=Action.OPEN_STATUSES
        )

    def due_by(self, day: datetime.date) -> "ActionQuerySet":
        """Actions due on or before `day`, by their date or by the meeting they are due at."""
        return self.alias(due_by_day=Coalesce("due_date", "due_meeting__date")).filter(
            due_by_day__lte=day
        )

    def owned_by(self, person: Person) -> "ActionQuerySet":
        return self.filter(ownerships__person=person)

    def open_for(self, person: Person, limit: int | None = None) -> dict:
        """A person's open actions: the ones they lead first, soonest due first in each; at most
        `limit` of each, with how many there are (`lead_count`, `other_count`)."""
        led = Exists(Ownership.objects.filter(action=OuterRef("pk"), person=person, is_lead=True))
        order: list[OrderBy | str] = [
            F("due_on").asc(nulls_last=True),
            F("meeting__date").desc(),
            "position",
            "pk",
        ]
        actions = (
            self.open()
            .owned_by(person)
            .for_display()
            .annotate(led=led, due_on=Coalesce("due_date", "due_meeting__date"))
            .order_by(*order)
        )
        if limit is not None:
            actions = actions.annotate(
                rank=Window(RowNumber(), partition_by=[F("led")], order_by=order),
                in_group=Window(Count("pk"), partition_by=[F("led")]),
            ).filter(rank__lte=limit)
        lead = [a for a in actions if a.led]
        other = [a for a in actions if not a.led]
        return {
            "lead_actions": lead,
            "other_actions": other,
            "lead_count": lead[0].in_group if lead and limit is not None else len(lead),
            "other_count": other[0].in_group if other and limit is not None else len(other),
        }

    def still_open_before(self, meeting) -> "ActionQuerySet":
        """What a meeting reviews besides what is due at it: open actions of earlier meetings."""
        return self.open().filter(meeting__date__lt=meeting.date).exclude(due_meeting=meeting)

    def possibly_owned_by(self, person: Person) -> "ActionQuerySet":
        """Actions whose owner the report names ambiguously, with `person` as a candidate."""
        return self.filter(
            Exists(
                Ownership.objects.filter(
                    action=OuterRef("pk"), person__isnull=True, candidates=person
                )
            )
        )

    def concerning(self, person: Person) -> "ActionQuerySet":
        """The actions they own and those that may be theirs (an ambiguous name they fit), the
        latter marked `unconfirmed_owner`: what filtering the action list by a person shows."""
        owns = Ownership.objects.filter(action=OuterRef("pk"), person=person)
        maybe = Ownership.objects.filter(
            action=OuterRef("pk"), person__isnull=True, candidates=person
        )
        return self.filter(Exists(owns) | Exists(maybe)).annotate(unconfirmed_owner=~Exists(owns))

    def of_organisation(self, organisation) -> "ActionQuerySet":
        return self.filter(
            Exists(
                Ownership.objects.filter(action=OuterRef("pk"), person__organisation=organisation)
            )
        )

    def in_report_order(self) -> "ActionQuerySet":
        return self.order_by(F("meeting__date").desc(), "meeting_id", "position", "pk")

    def count_per_meeting(self, field: str = "meeting") -> Coalesce:
        """How many of these actions each meeting holds (or, with field="due_meeting", has due
        at it), to annotate a query of meetings with.

        A correlated subquery rather than a join and GROUP BY: a page of 30 meetings then counts
        only its own actions, however many meetings and actions there are.
        """
        counted = (
            self.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted), 0)

    def placed_in(self, meetings: "MeetingQuerySet") -> "MeetingQuerySet":
        """`meetings` with these actions where their report shows them: in the minutes of the
        agenda item that decided them (minutes.blocks), and among the actions due at the
        meeting."""
        return meetings.prefetch_related(
            Prefetch("actions", queryset=self),
            Prefetch("actions_due", queryset=self),
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.DROPPED)
    # open → in progress → done, or dropped; a closed action can only be reopened.
    NEXT_STATUSES = {
        Status.OPEN: (Status.IN_PROGRESS, Status.DONE, Status.DROPPED),
        Status.IN_PROGRESS: (Status.OPEN, Status.DONE, Status.DROPPED),
        Status.DONE: (Status.OPEN,),
        Status.DROPPED: (Status.OPEN,),
    }

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
        help_text=_(
            "A note the report writes on the owner line but after no owner, e.g. “(in replacement "
            "of a nominated project manager)”; an owner's own note is on the owner."
        ),
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True, validators=[validate_plausible]
    )
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
    # Bumped by every save, and by every change to the owners: an edit made from an older
    # version is refused rather than silently overwriting what someone else did.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

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
        indexes = [
            models.Index(fields=["status"], name="action_status_idx"),
            # What a meeting reviews (the open actions of earlier meetings), counted from the
            # index alone.
            models.Index(
                fields=["meeting", "due_meeting"],
                condition=Q(status__in=["open", "in_progress"]),
                name="action_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values) -> "Action":
        action = super().from_db(db, field_names, values)
        action.__dict__["_due_meeting_when_loaded"] = action.__dict__.get("due_meeting_id")
        return action

    def pages_shown_on(self) -> list[Pages]:
        """Its meeting's page, the pages of the meetings it is or was due at, and while it is
        (or was) open those of every later meeting, which review it."""
        # Asked again for each save of a write (the action, then each owner): asked once.
        known = self.__dict__.get("_meeting_date")
        date: datetime.date | None
        if Action.meeting.is_cached(self) and self.meeting and self.meeting.pk == self.meeting_id:
            date = self.meeting.date
        elif known and known[0] == self.meeting_id:
            date = known[1]
        else:
            date = Meeting.objects.filter(pk=self.meeting_id).values_list("date", flat=True).first()
            self.__dict__["_meeting_date"] = (self.meeting_id, date)
        if date is None:
            return []
        due = {self.due_meeting_id, self.__dict__.get("_due_meeting_when_loaded")}
        return [Pages(self.meeting_id, after=date), *(Pages(pk) for pk in due if pk is not None)]

    @property
    def reference(self) -> str:
        """Unique across coflight and short enough to say in a meeting ("A14"); `position` is
        its number in its own meeting's report, which every meeting starts again at 1."""
        return f"A{self.pk}"

    def clean(self) -> None:
        if self.agenda_item and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("That agenda item is from another meeting.")})
        if self.due_meeting_id and self.due_meeting_id == self.meeting_id:
            raise ValidationError({"due_meeting": _("An action cannot be due at its own meeting.")})

    def next_statuses(self) -> list[tuple[str, str]]:
        return [(s.value, str(s.label)) for s in self.NEXT_STATUSES[Action.Status(self.status)]]

    def set_status(self, status: str, note: str = "") -> str:
        """Moves the action along. Reopening keeps the note it was closed with (the card says so),
        unless a new note says why it is reopened; closing takes the note given, or none."""
        if status not in self.NEXT_STATUSES[Action.Status(self.status)]:
            raise ValidationError(
                gettext("An action that is %(current)s cannot become %(new)s.")
                % {
                    "current": self.get_status_display().lower(),
                    "new": Action.Status(status).label.lower(),
                }
            )
        before = self.get_status_display()
        reopened = status in self.OPEN_STATUSES and not self.is_open
        self.status = status
        if status in self.CLOSED_STATUSES or (reopened and note.strip()):
            self.closing_note = note.strip()
        elif not reopened:
            self.closing_note = ""  # open → in progress: no closing note there to keep
        self.save(update_fields=["status", "closing_note"])
        message = gettext("Status changed from %(before)s to %(after)s.") % {
            "before": before,
            "after": self.get_status_display(),
        }
        if self.closing_note:
            message += " " + gettext("The note was saved.")
        return message

    def set_due(self, due_date: datetime.date | None, due_meeting) -> str:
        self.due_date = due_date
        self.due_meeting = due_meeting
        self.full_clean(exclude=["meeting", "agenda_item", "text", "position"])
        self.save(update_fields=["due_date", "due_meeting"])
        if due_meeting and due_date:
            return gettext("Now due at %(meeting)s, by %(date)s.") % {
                "meeting": due_meeting.title,
                "date": date_format(due_date, "j F Y"),
            }
        if due_meeting:
            return gettext("Now due at %(meeting)s (%(date)s).") % {
                "meeting": due_meeting.title,
                "date": date_format(due_meeting.date, "j F Y"),
            }
        if due_date:
            return gettext("Now due by %(date)s.") % {"date": date_format(due_date, "j F Y")}
        return gettext("The due date was cleared.")

    def set_text(self, text: str) -> str:
        self.text = text.strip()
        self.save(update_fields=["text"])
        return gettext("The action's text was changed.")

    def add_owner(self, person: Person, *, lead: bool = False) -> str:
        if self.ownerships.filter(person=person).exists():
            raise ValidationError(
                gettext("%(name)s already owns this action.") % {"name": person.label}
            )
        last = self.ownerships.order_by("-position").values_list("position", flat=True).first()
        ownership = Ownership(
            action=self, person=person, written_as=person.name, position=(last or 0) + 1
        )
        if lead:
            self.set_lead(ownership)
            return gettext("%(name)s was added as lead.") % {"name": person.label}
        ownership.save()
        return gettext("%(name)s was added as an owner.") % {"name": person.label}

    def remove_owner(self, ownership: "Ownership") -> str:
        ownership.delete()
        return gettext("%(name)s is no longer an owner.") % {"name": ownership.display_name}

    def set_lead(self, ownership: "Ownership | None") -> str:
        """The one way an action's lead changes, wherever it is changed from.

        Each owner row whose lead flag changes is saved on its own, the old lead first (one
        lead per action is a constraint), so that its history records the change. `ownership`
        may be a new owner, not yet saved.
        """
        for current in self.ownerships.filter(is_lead=True):
            if ownership is not None and current.pk == ownership.pk:
                continue
            current.is_lead = False
            current.save(update_fields=["is_lead"])
        if ownership is None:
            return gettext("The action has no lead now.")
        if not ownership.is_lead or ownership._state.adding:
            ownership.is_lead = True
            ownership.save()
        return gettext("%(name)s now leads the action.") % {"name": ownership.display_name}

    def owners_text(
        self,
        *,
        as_written: bool = False,
        leaving_out: Person | None = None,
        ownerships: "Iterable[Ownership] | None" = None,
    ) -> str:
        """The owners on one line, the one way every export writes them.

        "Jean Parpaillon (lead), Patrice (not identified)". `as_written` gives the names as the
        report writes them, unmarked, for minutes that must import back to the same mentions;
        `leaving_out` drops the person an email is addressed to. Uses the prefetched owners, or
        `ownerships` when the caller holds them already (rows just written in bulk).
        """
        names = []
        for ownership in self.ownerships.all() if ownerships is None else ownerships:
            if leaving_out is not None and ownership.person_id == leaving_out.pk:
                continue
            if as_written:
                # The minutes format's own keyword, which the importer reads, in any language.
                written = ownership.written_as + (" (lead)" if ownership.is_lead else "")
                if ownership.acting_for:
                    written += f" ({ownership.acting_for})"
                names.append(written)
                continue
            if ownership.person:
                name, notes = ownership.person.name, ownership.person.distinction
            else:
                name, notes = ownership.written_as, [gettext("not identified")]
            if ownership.is_lead:
                notes = [*notes, gettext("lead")]
            names.append(f"{name} ({', '.join(notes)})" if notes else name)
        return ", ".join(names)

    def acting_for_text(self) -> str:
        """The notes of the owner line: each owner's, named, then the one that follows nobody."""
        notes = [f"{o.display_name}: {o.acting_for}" for o in self.ownerships.all() if o.acting_for]
        return "; ".join([*notes, *([self.acting_for] if self.acting_for else [])])

    @property
    def due(self) -> datetime.date | None:
        if self.due_date:
            return self.due_date
        return self.due_meeting.date if self.due_meeting else None

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
    acting_for = models.CharField(
        _("acting for"),
        max_length=300,
        blank=True,
        help_text=_("As the report writes it after this owner, e.g. “in replacement of …”."),
    )

    history = HistoricalRecords()

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

    def save(self, *args, touch_action: bool = True, **kwargs) -> None:
        super().save(*args, **kwargs)
        if touch_action:
            self._touch_action()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_action()
        return result

    @property
    def display_name(self) -> str:
        return self.person.label if self.person else self.written_as

    def pages_shown_on(self) -> list[Pages]:
        if Ownership.action.is_cached(self):
            return self.action.pages_shown_on()
        action = Action.objects.filter(pk=self.action_id).first()
        return action.pages_shown_on() if action else []

    def _touch_action(self) -> None:
        """A change of owners is a change of the action: edits made before it are stale."""
        Action.objects.filter(pk=self.action_id).update(version=F("version") + 1)

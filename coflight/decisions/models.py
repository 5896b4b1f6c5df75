from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coflight.meetings.models import AgendaItem, Meeting, MeetingQuerySet
from coflight.pagecache.models import Pages
from coflight.people.models import Person


class DecisionQuerySet(models.QuerySet):
    def placed_in(self, meetings: MeetingQuerySet) -> MeetingQuerySet:
        """`meetings` with these decisions and who agreed, for their report (`minutes_blocks`)."""
        return meetings.prefetch_related(
            Prefetch("decisions", queryset=self.prefetch_related("people"))
        )


class Decision(models.Model):
    """What a meeting agreed, in the minutes' words ("All participants agreed on the relevance
    of this work"), and who agreed as the minutes say it: everyone, or named people."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
        null=True,
        blank=True,
    )
    text = models.TextField(_("decision"), help_text=_("In the words of the minutes."))
    agreed_by = models.CharField(
        _("agreed by"),
        max_length=200,
        blank=True,
        help_text=_("Who agreed, as the minutes say it: “All participants”."),
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("people who agreed"), related_name="decisions", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    after_paragraph = models.PositiveSmallIntegerField(
        _("after minutes paragraph"),
        null=True,
        blank=True,
        help_text=_("Where it sits in its item's minutes: after this paragraph (0: before all)."),
    )
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="decision_has_text"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def reference(self) -> str:
        """Unique across coflight, like an action's "A14"."""
        return f"D{self.pk}"

    def pages_shown_on(self) -> list[Pages]:
        return [Pages(self.meeting_id)]

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet["Event"]):
    def delivered(self) -> "EventQuerySet":
        """Those with their place in the order of delivery: all but those of a transaction that
        is still committing."""
        return self.filter(seq__isnull=False)

    def after(self, seq: int, topics: set[str] | None = None) -> "EventQuerySet":
        events = self.delivered().filter(seq__gt=seq)
        if topics is not None:
            events = events.filter(topic__in=topics)
        return events.order_by("seq")


class Event(models.Model):
    """One change that open pages are told about, written in the transaction that made it.

    `seq` is its place in the order of delivery, the id a stream gives it (and Last-Event-ID
    names). The database sets it as the transaction commits, under a lock that only committing
    writers take (migration 0001), so that events are numbered in the order they become visible:
    a stream that has given event n never later finds an event numbered below n.
    """

    topic = models.CharField(_("topic"), max_length=60)
    # The ids of the parts of the topic's page that changed, space-separated.
    targets = models.CharField(_("changed parts"), max_length=1000)
    seq = models.BigIntegerField(_("order of delivery"), null=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("live event")
        verbose_name_plural = _("live events")
        indexes = [models.Index(fields=["topic", "seq"], name="live_event_topic_seq")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(targets=""), name="live_event_names_parts")
        ]

    def __str__(self) -> str:
        return f"{self.seq or '…'} {self.topic}: {self.targets}"

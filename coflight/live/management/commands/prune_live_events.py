"""Run on a schedule, next to send_reminders (see the README)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coflight.live.models import Event


class Command(BaseCommand):
    help = _(
        "Deletes the live events older than COFLIGHT_LIVE_KEEP_HOURS: a page away longer than "
        "that is told to reload. The newest event always stays."
    )

    def handle(self, *args, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(hours=settings.COFLIGHT_LIVE_KEEP_HOURS)
        newest = Event.objects.delivered().order_by("-seq").values_list("seq", flat=True).first()
        old = Event.objects.filter(created_at__lt=cutoff)
        if newest is not None:
            old = old.exclude(seq=newest)
        deleted, _kinds = old.delete()
        self.stdout.write(
            _("Deleted %(count)d live events older than %(moment)s.")
            % {
                "count": deleted,
                "moment": date_format(timezone.localtime(cutoff), "DATETIME_FORMAT"),
            }
        )

"""The dates coflight accepts, wherever they are entered: a form, the admin, imported minutes.

A meeting in the year 9999 is a typing mistake, and one such date made every calendar feed fail.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2199, 12, 31)


def is_plausible(day: datetime.date) -> bool:
    return EARLIEST <= day <= LATEST


def validate_plausible(day: datetime.date) -> None:
    if not is_plausible(day):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def on_day(day: datetime.date, moment: datetime.time | None) -> datetime.datetime | None:
    """`moment` on `day` in Paris (the current time zone), or None when no time is given."""
    if moment is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, moment))

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordResetRequest(models.Model):
    """A password reset someone asked for, kept for the throttle's window, then forgotten.

    The address is kept only as a hash: these rows say who asked, not which accounts exist.
    """

    address = models.CharField(_("address (SHA-256)"), max_length=64, db_index=True)
    client = models.GenericIPAddressField(_("asked from"), null=True, db_index=True)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset asked for")
        verbose_name_plural = _("password resets asked for")

    def __str__(self) -> str:
        return f"{self.client} {self.requested_at:%Y-%m-%d %H:%M}"

    @classmethod
    def allow(cls, address: str, client: str | None) -> bool:
        """Records the request, then says whether it is within the limits.

        Written before it is counted, so that requests arriving together each count the others:
        at the edge of a limit they may both be refused, never both let through.
        """
        now = timezone.now()
        since = now - datetime.timedelta(minutes=settings.COFLIGHT_PASSWORD_RESET_MINUTES)
        cls.objects.filter(requested_at__lt=since).delete()
        hashed = hashlib.sha256(address.strip().casefold().encode()).hexdigest()
        cls.objects.create(address=hashed, client=client or None, requested_at=now)
        recent = cls.objects.filter(requested_at__gte=since)
        return recent.filter(
            address=hashed
        ).count() <= settings.COFLIGHT_PASSWORD_RESETS_PER_ADDRESS and (
            client is None
            or recent.filter(client=client).count() <= settings.COFLIGHT_PASSWORD_RESETS_PER_CLIENT
        )

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coflight.meetings.models import Meeting


class CapturedLine(models.Model):
    """The token of a one-line form that added an action or a decision: sent twice (a double
    click, a retry), the line adds nothing the second time. Saved in the same transaction as what
    it added, so that a failed write leaves the line free to send again."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    captured_at = models.DateTimeField(_("captured at"), default=timezone.now)

    class Meta:
        verbose_name = _("captured line")
        verbose_name_plural = _("captured lines")

    def __str__(self) -> str:
        return self.token

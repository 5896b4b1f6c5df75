from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coflight.meetings.models import Meeting, Series
from coflight.people.models import Person


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


class RememberedName(models.Model):
    """Who a name in a series' minutes is, as the importer settled it ("Patrice" of the
    CompatibleOne workshops): the next import of the same series settles it so too, and its
    preview says so, where the importer may still choose otherwise."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="+"
    )
    written = models.CharField(_("name as written"), max_length=200)  # casefolded
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled at"), default=timezone.now)

    class Meta:
        verbose_name = _("remembered name")
        verbose_name_plural = _("remembered names")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "written"], name="remembered_name_once_per_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.written} → {self.person} ({self.series})"

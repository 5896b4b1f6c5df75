from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fortune(models.Model):
    id = models.IntegerField(primary_key=True)
    message = models.CharField(_("message"), max_length=2048)

    # Declared, because coflight.settings (which the type checker reads) does not install the app.
    objects: ClassVar[models.Manager["Fortune"]] = models.Manager()

    class Meta:
        verbose_name = _("fortune")
        verbose_name_plural = _("fortunes")

    def __str__(self) -> str:
        return self.message

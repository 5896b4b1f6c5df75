from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    """The minutes format, both ways: reading minutes into coflight, writing a report out."""

    name = "coflight.minutes"
    verbose_name = _("Minutes")

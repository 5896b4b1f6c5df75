from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The pages that read the record, bringing meetings, people and their actions together."""

    name = "coflight.reports"
    verbose_name = _("Reports")

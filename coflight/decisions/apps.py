from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "coflight.decisions"
    verbose_name = _("Decisions")

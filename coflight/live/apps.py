from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "coflight.live"
    verbose_name = _("Live updates")

    def ready(self) -> None:
        from . import signals  # noqa: F401

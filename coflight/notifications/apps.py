from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "coflight.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import outbox, signals  # noqa: F401

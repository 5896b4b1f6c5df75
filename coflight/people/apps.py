from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "coflight.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .languages import remember_on_sign_in

        user_logged_in.connect(remember_on_sign_in, dispatch_uid="coflight-person-language")

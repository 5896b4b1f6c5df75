"""Every URL pattern of the project, with its parameters filled from real rows.

The access, escaping and fuzzing tests walk this list rather than a hand-kept one, so a new URL
is swept as soon as it exists.
"""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.notifications.tokens import unsubscribe_token
from coflight.organisations.models import Organisation
from coflight.people.models import Person

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    route: str  # the pattern's text, prefixes included
    pattern: URLPattern

    @property
    def key(self) -> str:
        """How the access lists name it: its name, or its pattern where it has none."""
        return self.name or self.route

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def routes() -> list[Route]:
    return list(_walk(get_resolver(), "", None))


def _walk(resolver: URLResolver, prefix: str, namespace: str | None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        else:
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(name=name, route=prefix + str(entry.pattern), pattern=entry)


class Samples:
    """Real values for every URL parameter: the report's rows, a valid feed and reset token."""

    def __init__(self, report: Meeting, user) -> None:
        self.meeting = report
        self.action = Action.objects.filter(meeting=report).order_by("position").first()
        # The user's own person where they have one, so that their own pages are swept.
        person = (
            Person.objects.filter(user=user).first()
            or Person.objects.filter(attendances__meeting=report).first()
        )
        assert person is not None, "the report has no attendee to sweep with"
        self.person = person
        self.organisation = Organisation.objects.filter(people__isnull=False).first()
        self.user = user
        self.calendar_token = self.person.calendar_token or self.person.renew_calendar_token()

    def path(self, route: Route) -> str:
        if route.name is None:
            return "/" + _fill_pattern(route.route, self._admin_value(route.route))
        names = route.pattern.pattern.regex.groupindex
        if route.pattern.pattern.regex.groups > len(names):
            return reverse(route.name, args=self._positional(route))
        return reverse(route.name, kwargs={n: self._value(route, n) for n in names})

    def _value(self, route: Route, parameter: str) -> str | int:
        if route.is_admin:
            return self._admin_value(route.route)(parameter)
        if parameter == "token" and route.name == "password_reset_confirm":
            return default_token_generator.make_token(self.user)
        if parameter == "uidb64":
            return urlsafe_base64_encode(force_bytes(self.user.pk))
        assert route.name is not None  # path() fills the unnamed patterns itself
        namespace = route.name.split(":")[0]
        if parameter == "token" and namespace == "notifications":
            return unsubscribe_token(self.person)
        if parameter == "token":
            return self.calendar_token
        if route.name == "live:person":
            assert self.person is not None
            return self.person.pk
        row = {
            "meetings": self.meeting,
            "live": self.meeting,
            "calendars": self.meeting,
            "notifications": self.meeting,
            "actions": self.action,
            "people": self.person,
            "organisations": self.organisation,
        }[namespace]
        assert row is not None, f"no row to fill {namespace}'s URLs with"
        return row.pk

    def _admin_value(self, route_text: str):
        model = _admin_model(route_text)

        def value(parameter: str) -> str:
            if parameter == "app_label":
                return "meetings"
            if parameter == "content_type_id":
                return str(ContentType.objects.get_for_model(Meeting).pk)
            if parameter == "url":
                return "no-such-page/"
            if parameter == "object_id" and model is None:
                return str(self.meeting.pk)
            obj = model._default_manager.order_by("pk").first() if model else None
            return str(obj.pk) if obj else "1"

        return value

    def _positional(self, route: Route) -> list[str]:
        # simple_history's page of one version of an action.
        assert self.action is not None, "the report has no action"
        history = self.action.history.order_by("history_id").first()
        return [str(self.action.pk), str(history.history_id if history else 1)]


def _admin_model(route_text: str):
    for model in admin.site._registry:
        if route_text.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def _fill_pattern(text: str, value) -> str:
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), text)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), text)
    return text.replace("^", "").replace("$", "")

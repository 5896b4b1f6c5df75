"""The language a person chose, used for them everywhere: on every device they sign in on, in
their emails. A visitor who chose none gets their browser's (Accept-Language, or the choice
remembered in a cookie by Django's set_language)."""

import os

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import check_for_language

from .models import Person

SESSION_KEY = "coflight_language"


def is_offered(code: str) -> bool:
    return code in dict(settings.LANGUAGES) and check_for_language(code)


def email_language(person: Person) -> str:
    """What an email to `person` is written in: theirs, or the site's."""
    return person.language if is_offered(person.language) else settings.LANGUAGE_CODE


def choose(request: HttpRequest, code: str) -> None:
    """Remembers a signed-in person's choice on their person and in this session."""
    if not is_offered(code) or not request.user.is_authenticated:
        return
    Person.objects.filter(user=request.user).update(language=code)
    request.session[SESSION_KEY] = code


def remember_on_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    # Kept in the session, which every signed-in request reads anyway: a page costs no query.
    chosen = Person.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen and is_offered(chosen):
        request.session[SESSION_KEY] = chosen


def speak_the_terminals_language() -> None:
    """Management commands answer in the language of the shell (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG: "fr_FR.UTF-8" gives French), as gettext's own programs do; else the site's."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(name, "").split(":"):
            code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
            for candidate in (code, code.split("-")[0]):
                if candidate and is_offered(candidate):
                    translation.activate(candidate)
                    return
            if value:
                return

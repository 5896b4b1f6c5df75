from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .languages import SESSION_KEY, is_offered


class PersonLanguageMiddleware:
    """A signed-in person's chosen language wins over their browser's; after LocaleMiddleware,
    which has picked the browser's, and the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is no choice to read, and reading the session would
        # make every anonymous page vary on Cookie.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            chosen = request.session.get(SESSION_KEY)
            if chosen and is_offered(chosen):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)

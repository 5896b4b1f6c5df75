import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils.cache import patch_cache_control

from coflight.http import HtmxHttpRequest

logger = logging.getLogger("coflight.security")
PERSONAL_FEED = re.compile(r"/calendar/[-\w]+\.ics")

# Pages an anonymous visitor needs in order to sign in at all.
OPEN_URL_NAMES = [
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "set_language",
]


class RefusalLogMiddleware:
    """Logs who was refused what, wherever a view raised PermissionDenied (the admin's too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            logger.warning(
                "Refused: %s may not %s %s",
                request.user if request.user.is_authenticated else "an anonymous visitor",
                request.method,
                request.path,
            )


class PrivateReadMiddleware:
    """With COFLIGHT_PUBLIC_READ=false, every page asks anonymous visitors to sign in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        if (
            not settings.COFLIGHT_PUBLIC_READ
            and not request.user.is_authenticated
            and not self._is_open(request.path_info)
        ):
            if request.htmx:
                return HttpResponseForbidden()
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_paths = [reverse(name) for name in OPEN_URL_NAMES]
        return (
            path in open_paths
            or path.startswith("/accounts/reset/")
            or path.startswith(settings.STATIC_URL)
            or path.startswith("/admin/")
            or path.startswith("/email/unsubscribe/")
            # Calendar programs cannot sign in; a personal feed's secret address is its key.
            or PERSONAL_FEED.fullmatch(path) is not None
        )


class PrivateResponsesMiddleware:
    """What a signed-in user gets is theirs: no shared cache (a proxy, a CDN) may keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

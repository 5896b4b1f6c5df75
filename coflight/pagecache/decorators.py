from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import shared


def cached_for_readers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous readers a page rendered for an earlier one while nothing has changed.

    The key holds the data's revision (one indexed query), so a change is visible on the very
    next request, in every process. Signed-in users, htmx fragments and requests carrying a
    message are always rendered (their pages share fragments instead, see `shared.fragment`).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            not settings.COFLIGHT_PAGE_CACHE_SECONDS
            or request.method != "GET"
            or request.user.is_authenticated
            or getattr(request, "htmx", False)
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        key = shared.page_key(request, "page", shared.revision(request))
        response = shared.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                shared.put(key, response)
        return response

    return wrapper

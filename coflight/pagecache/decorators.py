import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .models import Revision


def cached_for_readers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous readers a page rendered for an earlier one while nothing has changed.

    The key holds the data's revision (one indexed query), the day (overdue is relative to it)
    and the language, so a change is visible on the very next request, in every process.
    Signed-in users, htmx fragments and requests carrying a message are always rendered.
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
        revision, today = Revision.objects.current(), timezone.localdate().isoformat()
        # Hashed: an address can be longer than a cache key may be, and hold any character.
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{revision}:{today}:{get_language()}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, response, settings.COFLIGHT_PAGE_CACHE_SECONDS)
        return response

    return wrapper

"""Rendered pages and fragments, kept where every process finds them.

Everything stored is keyed by the revision of the data it shows, so an entry never changes once
written: each process keeps a copy in memory (`local`), in front of the cache all processes share
(`default`, a table in the database they already share). An edit therefore renders a page once
for the whole cluster, and a process that has seen it costs no query for it.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Revision

MISSING = object()


def get(key: str) -> Any:
    value = caches["local"].get(key, MISSING)
    if value is MISSING:
        value = caches["default"].get(key, MISSING)
        if value is not MISSING:
            caches["local"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)
    return None if value is MISSING else value


def put(key: str, value: Any) -> None:
    caches["default"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)
    caches["local"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)


def digest(text: str) -> str:
    # An address can be longer than a cache key may be, and hold any character.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def revision(request: HttpRequest) -> str:
    """The data's revision, asked once per request: the page and its fragments agree on it."""
    if not hasattr(request, "_coflight_revision"):
        request._coflight_revision = Revision.objects.current()  # type: ignore[attr-defined]
    return request._coflight_revision  # type: ignore[attr-defined]


def permissions_key(request: HttpRequest) -> str:
    """The same for every viewer who may do the same things."""
    return digest(",".join(sorted(request.user.get_all_permissions())))


def page_key(request: HttpRequest, *parts: object) -> str:
    """What a page shows depends on: `parts` (its data's revision), the day (overdue is relative
    to it), the language, the address and what the viewer may do."""
    return ":".join(
        [
            *map(str, parts),
            timezone.localdate().isoformat(),
            get_language(),
            digest(request.get_full_path()),
            permissions_key(request),
        ]
    )


def fragment(request: HttpRequest, revision: str, render: Callable[[], str]) -> SafeString:
    """`render()`, or what it gave for an earlier viewer with the same permissions at the same
    revision. It must not hold anything of one request's own: no CSRF token, no user name."""
    if not settings.COFLIGHT_PAGE_CACHE_SECONDS:
        return mark_safe(render())
    view = request.resolver_match.view_name if request.resolver_match else request.path
    key = page_key(request, "fragment", view, revision)
    html = get(key)
    if html is None:
        html = render()
        put(key, html)
    return mark_safe(html)

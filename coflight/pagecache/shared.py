"""Rendered pages, kept where every process finds them, for everyone who may do the same.

Everything stored is keyed by the revision of the data it shows, so an entry never changes once
written: each process keeps a copy in memory (`local`), in front of the cache all processes share
(`default`, a table in the database they already share). An edit therefore renders a page once
for the whole cluster, and a process that has seen it costs no query for it.

A page is stored with marks where the viewer's own parts go (their name, their CSRF token), and
each viewer gets it with theirs written in.

When a page must be rendered, one process renders it while the others that want it at that moment
wait for it: after an edit the whole cluster renders it once, instead of every worker at once.
"""

import functools
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import monotonic, sleep
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language

from .models import Revision

MISSING = object()
# Where a stored page holds the viewer's own parts; no text a user can type contains a NUL.
CSRF_MARK = "\x00csrf\x00"
NAME_MARK = "\x00name\x00"
NOT_KEPT = {"content-length", "set-cookie"}
# Longer than a page takes to render under load; a renderer that died frees others after this.
LOCK_SECONDS = 10
WAIT_SECONDS = 3.0


def get(key: str) -> Any:
    value = caches["local"].get(key, MISSING)
    if value is MISSING:
        value = caches["default"].get(key, MISSING)
        if value is not MISSING:
            caches["local"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)
    return None if value is MISSING else value


def put(key: str, value: Any) -> None:
    with unsynced():
        caches["default"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)
    caches["local"].set(key, value, settings.COFLIGHT_PAGE_CACHE_SECONDS)


@contextmanager
def unsynced() -> Iterator[None]:
    """A cache write need not wait for the disk: were it lost in a crash, the page would only be
    rendered again. On PostgreSQL that saves a flush per write."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def lock(key: str) -> bool:
    """Whether this process is the one to render `key`: the first to ask, in any process."""
    with unsynced():
        return caches["default"].add(f"rendering:{key}", 1, LOCK_SECONDS)


def unlock(key: str) -> None:
    with unsynced():
        caches["default"].delete(f"rendering:{key}")


def awaited(key: str) -> Any:
    """The page another process is rendering, once it is stored; None if it stops rendering
    without storing one (an error, a page for that viewer alone) or takes too long."""
    deadline = monotonic() + WAIT_SECONDS
    pause = 0.002
    while monotonic() < deadline:
        sleep(pause)
        found = caches["default"].get_many([key, f"rendering:{key}"])
        if key in found:
            caches["local"].set(key, found[key], settings.COFLIGHT_PAGE_CACHE_SECONDS)
            return found[key]
        if not found:
            return None
        pause = min(pause * 2, 0.02)
    return None


def digest(text: str) -> str:
    # An address can be longer than a cache key may be, and hold any character.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def revision(request: HttpRequest) -> str:
    """The data's revision, asked once per request."""
    if not hasattr(request, "_coflight_revision"):
        request._coflight_revision = Revision.objects.current()  # type: ignore[attr-defined]
    return request._coflight_revision  # type: ignore[attr-defined]


@functools.cache
def release() -> str:
    """Names the code that renders pages: a page stored by the previous release, which the shared
    cache keeps across a deployment, is never served by the next."""
    sources = hashlib.sha256()
    for folder in ("coflight", "templates", "static"):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".css", ".js", ".svg"}:
                sources.update(str(path.relative_to(settings.BASE_DIR)).encode())
                sources.update(path.read_bytes())
    return sources.hexdigest()[:12]


def permissions_key(request: HttpRequest) -> str:
    """The same for every viewer who may do the same things."""
    return permissions_key_of(request.user)


def permissions_key_of(user) -> str:
    allowed = sorted(user.get_all_permissions())
    return digest(f"{user.is_authenticated}:{user.is_staff}:{','.join(allowed)}")


def page_key(request: HttpRequest, *parts: object) -> str:
    """What a page shows depends on: `parts` (its data's revision), the day (overdue is relative
    to it), the language, the address and what the viewer may do."""
    return ":".join(
        [
            "page",
            release(),
            *map(str, parts),
            timezone.localdate().isoformat(),
            get_language(),
            digest(request.get_full_path()),
            permissions_key(request),
        ]
    )


def shareable(request: HttpRequest) -> bool:
    """A page anyone else who may do the same would get: not an htmx fragment, not carrying a
    message for this viewer alone."""
    if not settings.COFLIGHT_PAGE_CACHE_SECONDS or request.method != "GET":
        return False
    if getattr(request, "htmx", False) or "messages" in request.COOKIES:
        return False
    return not (request.user.is_authenticated and "_messages" in request.session)


def page(request: HttpRequest, revision: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """`render()`, or the page it gave an earlier viewer with the same permissions at the same
    revision, with this viewer's own parts written in."""
    if not shareable(request):
        return render()
    found = _stored_or_rendered(request, revision, render)
    if isinstance(found, tuple):
        status, headers, content = found
        return HttpResponse(personal(request, content), status=status, headers=headers)
    if not found.streaming:
        # The stored page keeps its marks; this viewer's own parts go in, cookies and all.
        found.content = personal(request, found.content)
    return found


def marked(request: HttpRequest, revision: str, render: Callable[[], HttpResponse]) -> bytes:
    """What `page` would serve, before the viewer's own parts go in: for a live update, which
    writes in those of each of its viewers."""
    found = _stored_or_rendered(request, revision, render)
    if isinstance(found, tuple):
        return found[2]
    return found.content if found.status_code == 200 and not found.streaming else b""


def _stored_or_rendered(request: HttpRequest, revision: str, render: Callable[[], HttpResponse]):
    """The page stored for this viewer's kind at `revision` (status, headers, content), or the
    response `render()` gave, with marks, stored for the others: rendered once in the whole
    cluster while the other processes that want it wait for it."""
    view = request.resolver_match.view_name if request.resolver_match else request.path
    key = page_key(request, view, revision)
    stored = get(key)
    if stored is None:
        if lock(key):
            try:
                return _marked_and_kept(request, key, render)
            finally:
                unlock(key)
        stored = awaited(key)
    return stored if stored is not None else _marked_and_kept(request, key, render)


def _marked_and_kept(request: HttpRequest, key: str, render: Callable[[], HttpResponse]):
    """`render()` with marks for the viewer's own parts, stored under `key` if others may have
    it."""
    request.coflight_marks = True  # type: ignore[attr-defined]
    try:
        response = render()
    finally:
        request.coflight_marks = False  # type: ignore[attr-defined]
    if not response.streaming and response.status_code == 200 and not response.cookies:
        headers = {k: v for k, v in response.items() if k.lower() not in NOT_KEPT}
        put(key, (response.status_code, headers, response.content))
    return response


def personal(request: HttpRequest, content: bytes) -> bytes:
    """The page with this viewer's name and CSRF token where its marks are. Anonymous readers
    have a token too: the header's language switcher is a form."""
    if CSRF_MARK.encode() in content:
        content = content.replace(CSRF_MARK.encode(), get_token(request).encode())
    if request.user.is_authenticated:
        content = content.replace(NAME_MARK.encode(), escape(request.user.get_username()).encode())
    return content


def marks(request: HttpRequest) -> dict:
    """Context processor: the viewer's own parts, or marks for them in a page to be shared."""
    if getattr(request, "coflight_marks", False):
        return {"csrf_token": CSRF_MARK, "user_name": NAME_MARK}
    return {"user_name": request.user.get_username() if hasattr(request, "user") else ""}

"""The streams: Server-Sent Events that tell an open page what changed on it."""

import asyncio
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coflight.meetings.models import Meeting
from coflight.pagecache.shared import permissions_key_of, personal

from .events import MEETING
from .hub import CLOSE, Hub, Subscriber, hub

# How long a browser waits before it reconnects, in milliseconds.
RETRY_MS = 2000


@require_safe
async def meeting_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The changes to meeting `pk`'s page, for as long as it stays open."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(
            _("Live updates need coflight served over ASGI: make run or make serve."), status=501
        )
    user = await request.auser()
    if not settings.COFLIGHT_PUBLIC_READ and not user.is_authenticated:
        return HttpResponse(_("Sign in to follow this meeting live."), status=403)
    revision = await sync_to_async(Meeting.page_revision_of)(pk)
    if revision is None:
        raise Http404
    live = hub()
    if not live.admit(user.pk if user.is_authenticated else None):
        refused = HttpResponse(
            _("Too many live pages are open: this one will try again shortly."), status=503
        )
        refused["Retry-After"] = "10"
        return refused
    subscriber = Subscriber(
        topic=MEETING.format(pk),
        audience=await sync_to_async(permissions_key_of)(user),
        user=user,
        session_key=request.session.session_key if user.is_authenticated else None,
        language=get_language(),
    )
    # The browser's own reconnection says Last-Event-ID; a connection opened anew, `after`.
    last_seen = request.headers.get("Last-Event-ID") or request.GET.get("after", "")
    if last_seen.isdecimal() and last_seen.isascii():
        subscriber.catch_up_after = int(last_seen)
    else:
        # A page just loaded: what changed between its rendering and now, if anything.
        subscriber.whole_page = request.GET.get("revision") != revision
    # The viewer's own parts (their CSRF token, their name), written into what everyone gets.
    personal_parts = await sync_to_async(_personal_parts)(request)
    # The request's database connection goes back to the pool now, before waiting on anything,
    # not when the page closes: else each open page holds one, and a few pages take them all
    # (the hub's own among them).
    await sync_to_async(connections.close_all)()
    await live.subscribe(subscriber)
    response = StreamingHttpResponse(
        _stream(live, subscriber, personal_parts), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache, no-store"
    # Each event as it comes: neither compressed (GZipMiddleware) nor held by a proxy.
    response["Content-Encoding"] = "identity"
    response["X-Accel-Buffering"] = "no"
    return response


def _personal_parts(request: HttpRequest):
    get_token(request)
    return lambda content: personal(request, content)


async def _stream(live: Hub, subscriber: Subscriber, personal_parts) -> AsyncIterator[bytes]:
    heartbeat = settings.COFLIGHT_LIVE_HEARTBEAT_SECONDS
    try:
        # Whatever the middleware used after the view, given back too.
        await sync_to_async(connections.close_all)()
        yield f"retry: {RETRY_MS}\n: connected\n\n".encode()
        while True:
            try:
                message = await asyncio.wait_for(subscriber.queue.get(), heartbeat)
            except TimeoutError:
                yield b": heartbeat\n\n"
                continue
            if message is CLOSE:
                return
            yield personal_parts(message)
    finally:
        live.unsubscribe(subscriber)

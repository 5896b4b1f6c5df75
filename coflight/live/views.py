"""The streams: Server-Sent Events that tell an open page what changed on it."""

from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from coflight.meetings.models import Meeting
from coflight.pagecache.models import Revision
from coflight.pagecache.shared import permissions_key_of, personal
from coflight.people.models import Person

from .events import MEETING, PERSON
from .hub import CLOSE, Hub, Subscriber, hub

# How long a browser waits before it reconnects, in milliseconds.
RETRY_MS = 2000


ASGI_ONLY = _lazy("Live updates need coflight served over ASGI: make run or make serve.")


@require_safe
async def meeting_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The changes to meeting `pk`'s page, for as long as it stays open."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(ASGI_ONLY, status=501)
    user = await request.auser()
    if not settings.COFLIGHT_PUBLIC_READ and not user.is_authenticated:
        return HttpResponse(_("Sign in to follow this meeting live."), status=403)
    revision = await sync_to_async(Meeting.page_revision_of)(pk)
    if revision is None:
        # Answered here, not raised: Django renders an async view's 404 page in a thread of the
        # loop's own, whose database connection nothing would ever close.
        return HttpResponseNotFound(_("There is no meeting with that id."))
    # A page just loaded: what changed between its rendering and now, if anything.
    changed = request.GET.get("revision") != revision
    return await _opened(request, user, MEETING.format(pk), "meeting", whole_page=changed)


@require_safe
async def person_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The changes to person `pk`'s page: the meetings they attended, their actions."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(ASGI_ONLY, status=501)
    user = await request.auser()
    if not settings.COFLIGHT_PUBLIC_READ and not user.is_authenticated:
        return HttpResponse(_("Sign in to follow this page live."), status=403)
    if not await Person.objects.filter(pk=pk).aexists():
        return HttpResponseNotFound(_("There is no person with that id."))
    revision = await sync_to_async(Revision.objects.current)()
    # Their page's own page of meetings attended, if not the first.
    page = request.GET.get("meetings", "")
    query = f"meetings={page}" if page.isdecimal() and page.isascii() and page != "1" else ""
    changed = request.GET.get("revision") != revision
    return await _opened(request, user, PERSON.format(pk), "person", changed, query)


@require_safe
async def my_actions_stream(request: HttpRequest) -> HttpResponseBase:
    """The changes to the signed-in person's "My actions"."""
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(_("Sign in to follow your actions live."), status=403)
    if not isinstance(request, ASGIRequest):
        return HttpResponse(ASGI_ONLY, status=501)
    person = await Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).afirst()
    if person is None:
        return HttpResponseNotFound(_("Your account is not linked to a person yet."))
    # Sent once as it opens: "My actions" has no revision of its own to compare with.
    return await _opened(request, user, PERSON.format(person), "mine", whole_page=True)


async def _opened(
    request: HttpRequest, user, topic: str, view: str, whole_page: bool, query: str = ""
) -> HttpResponseBase:
    live = hub()
    # uvicorn puts the client's address here, the proxy's own only if it is not trusted
    # (gunicorn_conf's forwarded_allow_ips).
    client = user.pk if user.is_authenticated else request.META.get("REMOTE_ADDR") or None
    if not live.admit(client):
        refused = HttpResponse(
            _("Too many live pages are open: this one will try again shortly."), status=503
        )
        refused["Retry-After"] = "10"
        return refused
    subscriber = Subscriber(
        topic=topic,
        view=view,
        query=query,
        audience=await sync_to_async(permissions_key_of)(user),
        user=user,
        session_key=request.session.session_key if user.is_authenticated else None,
        language=get_language(),
        client=client,
    )
    # The browser's own reconnection says Last-Event-ID; a connection opened anew, `after`.
    last_seen = request.headers.get("Last-Event-ID") or request.GET.get("after", "")
    if last_seen.isdecimal() and last_seen.isascii():
        subscriber.catch_up_after = int(last_seen)
    else:
        subscriber.whole_page = whole_page
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
                message = await subscriber.next(heartbeat)
            except TimeoutError:
                yield b": heartbeat\n\n"
                continue
            if message is CLOSE:
                return
            yield personal_parts(message)
    finally:
        live.unsubscribe(subscriber)

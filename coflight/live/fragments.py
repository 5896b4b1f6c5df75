"""What a stream sends: the parts of a page that changed, as the page itself renders them.

A page is rendered once for all the viewers who may see the same (through the page cache, so
usually not at all), with marks where each viewer's own parts go; each stream writes its own in.
A part is an element of the page, found by its id and sent to replace its old self (htmx's
out-of-band swap), so that a part sent twice does no harm.
"""

import re
from typing import cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.http import Http404, HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import timezone, translation

from coflight.actions.views import my_actions
from coflight.http import AuthenticatedHttpRequest
from coflight.pagecache.shared import permissions_key_of
from coflight.reports.views import meeting_page_marked, person_page_marked


def page(subscriber) -> str:
    """The topic's page as `subscriber`'s audience sees it, its viewer's own parts marked."""
    pk = int(subscriber.topic.partition(":")[2])
    with translation.override(subscriber.language):
        if subscriber.view == "mine":
            # "My actions": its viewer's alone, rendered for them with the same marks.
            request = _request(subscriber.user, reverse("actions:mine"))
            request.coflight_marks = True  # type: ignore[attr-defined]
            return my_actions(cast(AuthenticatedHttpRequest, request)).content.decode()
        try:
            if subscriber.view == "person":
                path = reverse("people:detail", args=[pk])
                request = _request(subscriber.user, path, subscriber.query)
                return person_page_marked(request, pk).decode()
            path = reverse("meetings:detail", args=[pk])
            return meeting_page_marked(_request(subscriber.user, path), pk).decode()
        except Http404:
            return ""


def _request(user, path: str, query: str = "") -> HttpRequest:
    """A request for `path`, as `user` would ask for it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "443", "QUERY_STRING": query}
    request.user = user
    request.session = {}  # type: ignore[assignment]
    request.resolver_match = resolve(path)
    return request


def fragment(html: str, element_id: str) -> str | None:
    """The element of `html` whose id is `element_id`, whole."""
    start = re.search(rf'<([a-z][a-z0-9]*)\b[^>]*?\sid="{re.escape(element_id)}"', html)
    if start is None:
        return None
    tags = re.compile(rf"<(/?){start[1]}\b[^>]*>")
    depth = 0
    for tag in tags.finditer(html, start.start()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return html[start.start() : tag.end()]
    return None


def message(seq: int, targets: str, html: str, highlight: bool = True) -> bytes:
    """Event `seq`: its parts of `html`, each marked to replace the element it was. A reader
    who cannot see a part (a draft's minutes) gets the event's id alone."""
    named = targets.split()
    parts = {t: p for t in named if (p := fragment(html, t))}
    # A part inside another goes with it; what lights up is the innermost that changed, and
    # nothing when that is not on this viewer's page (a draft's action, on a reader's).
    unseen = len(parts) < len(named)
    inner = {t for t, p in parts.items() if any(p in other for o, other in parts.items() if o != t)}
    lines = [f"id: {seq}"]
    if parts.keys() - inner:
        lines.append("event: change")
    for target, part in parts.items():
        if target in inner:
            continue
        lit = [t for t in inner if t != target and parts[t] in part] or ([] if unseen else [target])
        if highlight:
            for changed in lit:
                mark = f'id="{changed}"'
                part = part.replace(mark, f"{mark} data-live-changed", 1)
        name_end = part.index(" ")
        swapped = f'{part[:name_end]} hx-swap-oob="true"{part[name_end:]}'
        lines += [f"data: {line}" for line in swapped.splitlines()]
    return ("\n".join(lines) + "\n\n").encode()


def reload_message(subscriber, seq: int) -> bytes:
    with translation.override(subscriber.language):
        notice = render_to_string("live/reload.html")
    lines = [f"id: {seq}", "event: change", *(f"data: {line}" for line in notice.splitlines())]
    return ("\n".join(lines) + "\n\n").encode()


def no_longer_allowed(subscribers: list) -> list:
    """Those whose viewer signed out, was removed, or may now see more or less than when the
    stream opened."""
    signed_in = [s for s in subscribers if s.user.is_authenticated]
    sessions = {s.session_key for s in signed_in if s.session_key}
    alive = set(
        Session.objects.filter(
            session_key__in=sessions, expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    users = {
        u.pk: u for u in get_user_model().objects.filter(pk__in={s.user.pk for s in signed_in})
    }
    audiences = {pk: permissions_key_of(user) for pk, user in users.items() if user.is_active}
    ended = []
    for subscriber in subscribers:
        if not subscriber.user.is_authenticated:
            if not settings.COFLIGHT_PUBLIC_READ:
                ended.append(subscriber)
        elif subscriber.session_key not in alive or (
            audiences.get(subscriber.user.pk) != subscriber.audience
        ):
            ended.append(subscriber)
    return ended

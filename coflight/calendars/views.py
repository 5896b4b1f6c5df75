from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from coflight.actions.models import Action
from coflight.http import AuthenticatedHttpRequest, safe_path
from coflight.meetings.models import Meeting
from coflight.people.models import Person

from .ics import calendar

LIGHT_MEETING = [
    "title",
    "kind",
    "date",
    "starts_at",
    "ends_at",
    "last_day",
    "venue",
    "address",
    "room",
    "dial_in",
]


def _ics(request: HttpRequest, body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def all_meetings(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.only(*LIGHT_MEETING).order_by("date", "pk")
    body = calendar(_("coflight meetings"), meetings, request.build_absolute_uri)
    return _ics(request, body, "meetings.ics")


@require_safe
def one_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.only(*LIGHT_MEETING), pk=pk)
    body = calendar(meeting.title, [meeting], request.build_absolute_uri)
    return _ics(request, body, f"meeting-{meeting.pk}.ics")


@never_cache  # the address is the key: no shared cache may keep what it opens
@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    # The account must still be there and active: the feed is theirs, not the person row's.
    person = (
        Person.objects.with_organisation()
        .filter(calendar_token=token, user__is_active=True)
        .first()
        if token
        else None
    )
    if person is None:
        raise Http404
    # The meetings they attended, and those where an action of theirs is due.
    due_theirs = Action.objects.open().owned_by(person).filter(due_meeting=OuterRef("pk"))
    meetings = (
        Meeting.objects.filter(Q(attendances__person=person) | Exists(due_theirs))
        .distinct()
        .only(*LIGHT_MEETING)
        .order_by("date", "pk")
    )
    actions = [
        a for a in Action.objects.open().owned_by(person).for_display().in_report_order() if a.due
    ]
    body = calendar(
        _("coflight: %(name)s") % {"name": person.label},
        meetings,
        request.build_absolute_uri,
        actions,
    )
    return _ics(request, body, "coflight.ics")


def _own_person(request: AuthenticatedHttpRequest) -> Person:
    person = Person.objects.filter(user_id=request.user.pk).first()
    if person is None:
        raise Http404(_("Your account is not linked to a person."))
    return person


@login_required
@require_POST
def renew_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _own_person(request)
    first = person.calendar_token is None
    person.renew_calendar_token()
    if first:
        messages.success(request, _("Your calendar feed is ready: subscribe to its address below."))
    else:
        messages.success(
            request, _("Your calendar feed has a new address; the old one no longer works.")
        )
    return redirect("actions:mine")


@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest) -> HttpResponse:
    _own_person(request).revoke_calendar_token()
    messages.success(request, _("Your calendar feed is switched off."))
    return redirect(safe_path(request, request.POST.get("next", "")) or "actions:mine")

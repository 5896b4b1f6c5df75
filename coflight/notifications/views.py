from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from coflight.meetings.models import Attendance, Meeting
from coflight.people.models import Person

from . import emails, tokens
from .models import OutgoingEmail

SEND_MINUTES = "notifications.send_minutes"


def _person(token: str) -> Person:
    person = tokens.person_for_token(token)
    if person is None:
        raise Http404(_("This unsubscribe link is not valid."))
    return person


@require_safe
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The page an email's unsubscribe link opens; no sign-in needed, the link is the key."""
    return render(
        request, "notifications/unsubscribe.html", {"person": _person(token), "token": token}
    )


@require_POST
def set_subscription(request: HttpRequest, token: str) -> HttpResponse:
    person = _person(token)
    if request.POST.get("subscribe") == "1":
        if person.email_opt_out:
            person.set_email_preferences(person.email, opt_out=False)
        messages.success(request, _("coflight will email you again."))
    else:
        person.unsubscribe()
        messages.success(request, _("You are unsubscribed: coflight will send you no more email."))
    return redirect("notifications:unsubscribe", token=token)


# Mail programs send the RFC 8058 one-click POST themselves, without a CSRF token or a
# session; the signed token in the address is what authorises it.
@csrf_exempt
@require_POST
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    _person(token).unsubscribe()
    return HttpResponse(
        _("You are unsubscribed: coflight will send you no more email."),
        content_type="text/plain; charset=utf-8",
    )


@login_required
@permission_required(SEND_MINUTES, raise_exception=True)
@require_safe
def minutes_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.all().prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("person"))
        ),
        pk=pk,
    )
    return render(
        request,
        "notifications/send_minutes.html",
        {
            "meeting": meeting,
            "audience": emails.minutes_recipients(meeting),
            "last_sent": OutgoingEmail.objects.filter(
                meeting=meeting, kind=OutgoingEmail.Kind.MINUTES
            )
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first(),
        },
    )


@login_required
@permission_required(SEND_MINUTES, raise_exception=True)
@require_POST
def minutes_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.only("pk"), pk=pk)
    queued, delivery = emails.send_minutes(meeting.pk)
    if not queued:
        messages.error(
            request, _("Nobody who attended has an email address and accepts email: nothing sent.")
        )
        return redirect("meetings:minutes_confirm", pk=meeting.pk)
    messages.success(
        request,
        ngettext(
            "The minutes were sent to %(count)d person.",
            "The minutes were sent to %(count)d people.",
            delivery.sent,
        )
        % {"count": delivery.sent},
    )
    if delivery.failed:
        messages.warning(
            request,
            ngettext(
                "%(count)d email could not be sent now; it will be tried again.",
                "%(count)d emails could not be sent now; they will be tried again.",
                delivery.failed,
            )
            % {"count": delivery.failed},
        )
    return redirect(meeting)

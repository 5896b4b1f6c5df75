from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from coflight.accounts.models import PasswordResetRequest
from coflight.meetings.models import Attendance, Invitation, Meeting
from coflight.people.models import Person

from . import emails, tokens
from .forms import QueuedPasswordResetForm
from .models import OutgoingEmail

SEND_MINUTES = "notifications.send_minutes"


def _person(token: str) -> Person:
    person = tokens.person_for_token(token)
    if person is None:
        raise Http404(_("This unsubscribe link is not valid."))
    return person


@never_cache
@require_safe
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The page an email's unsubscribe link opens; no sign-in needed, the link is the key."""
    return render(
        request, "notifications/unsubscribe.html", {"person": _person(token), "token": token}
    )


@never_cache
@require_POST
def unsubscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link only ever unsubscribes: anyone holding an old email could otherwise undo an
    opt-out. Receiving email again is for the person, signed in, on their own page."""
    _person(token).unsubscribe()
    messages.success(request, _("You are unsubscribed: coflight will send you no more email."))
    return redirect("notifications:unsubscribe", token=token)


# Mail programs send the RFC 8058 one-click POST themselves, without a CSRF token or a
# session; the signed token in the address is what authorises it.
@csrf_exempt
@never_cache
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
            Prefetch("attendances", queryset=Attendance.objects.select_related("person")),
            Prefetch(
                "invitations", queryset=Invitation.objects.select_related("person__organisation")
            ),
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
    meeting = get_object_or_404(Meeting.objects.only("pk", "status"), pk=pk)
    if meeting.status != Meeting.Status.PUBLISHED:
        messages.error(request, _("Publish the minutes first: only published minutes are sent."))
        return redirect(meeting)
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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's own, throttled per address and per client, its email sent after the answer."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        client = get_client_ip_address(self.request)
        if not PasswordResetRequest.allow(form.cleaned_data["email"], client):
            minutes = settings.COFLIGHT_PASSWORD_RESET_MINUTES
            return render(
                self.request,
                "registration/password_reset_throttled.html",
                {"minutes": minutes},
                status=429,
            )
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()

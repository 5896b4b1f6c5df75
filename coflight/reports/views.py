"""The pages that read the record: the meetings, a meeting's report, a person, an organisation."""

import logging
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from coflight.actions.models import Action
from coflight.actions.permissions import edit_context
from coflight.meetings.models import AgendaItem, Attendance, Meeting
from coflight.organisations.models import Organisation
from coflight.pagecache.decorators import cached_for_readers
from coflight.people.forms import EmailPreferencesForm
from coflight.people.models import Person

logger = logging.getLogger(__name__)

REVIEW_LIMIT = 50
PAST_PER_PAGE = 30
CLOSED_SHOWN = 20


@require_safe
@cached_for_readers
def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.select_related("series").annotate(
        open_action_count=Action.objects.open().count_per_meeting(),
        open_due_count=Action.objects.open().count_per_meeting("due_meeting"),
        written_up=Q(source_text__gt="")
        | Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
        | Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
    )
    past = Paginator(meetings.past(), PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/home.html", {"upcoming": meetings.upcoming(), "past": past})


@require_safe
@cache_control(max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says, and for files that say nothing."""
    path = finders.find("favicon.svg")
    assert isinstance(path, str), "static/favicon.svg is part of coflight"
    return HttpResponse(Path(path).read_bytes(), content_type="image/svg+xml")


@require_safe
@cached_for_readers
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meetings = Action.objects.for_display().placed_in(Meeting.objects.for_report())
    meeting = get_object_or_404(meetings, pk=pk)
    earlier_open = Action.objects.still_open_before(meeting)
    return render(
        request,
        "reports/meeting_detail.html",
        {
            "meeting": meeting,
            "earlier_open": earlier_open.for_display().in_report_order()[:REVIEW_LIMIT],
            "earlier_open_count": earlier_open.count(),
            "present": {a.person_id for a in meeting.attendances.all() if a.person_id},
            **edit_context(request),
        },
    )


@require_safe
def meeting_source(request: HttpRequest, pk: int) -> HttpResponse:
    source_text = Meeting.objects.filter(pk=pk).values_list("source_text", flat=True).first()
    if not source_text:
        raise Http404
    return HttpResponse(source_text, content_type="text/plain; charset=utf-8")


@require_safe
@cached_for_readers
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
    return render(request, "reports/person_detail.html", _person_context(request, person))


def _is_own_page(request: HttpRequest, person: Person) -> bool:
    return request.user.is_authenticated and person.user_id == request.user.pk


def _person_context(
    request: HttpRequest, person: Person, email_form: EmailPreferencesForm | None = None
) -> dict:
    if email_form is None and _is_own_page(request, person):
        email_form = EmailPreferencesForm(
            initial={"email": person.email, "email_opt_out": person.email_opt_out}
        )
    attendances = (
        Attendance.objects.filter(person=person)
        .select_related("meeting", "organisation")
        .defer("meeting__summary", "meeting__source_text")
        .order_by("-meeting__date")
    )
    closed = (
        Action.objects.owned_by(person)
        .exclude(status__in=Action.OPEN_STATUSES)
        .for_display()
        .in_report_order()
        .reverse()
    )
    # The latest closed actions are context; the rest are one link away in the action list.
    latest_closed = list(closed[: CLOSED_SHOWN + 1])
    return {
        "person": person,
        "attendances": attendances,
        **Action.objects.open_for(person),
        "closed_actions": latest_closed[:CLOSED_SHOWN],
        "closed_count": closed.count() if len(latest_closed) > CLOSED_SHOWN else len(latest_closed),
        "possible_actions": Action.objects.possibly_owned_by(person)
        .for_display()
        .in_report_order(),
        "email_form": email_form,
        **edit_context(request),
    }


@require_POST
def email_preferences(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone sets the address coflight writes to, and whether it may, on their own page."""
    person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(person.get_absolute_url())
    if not _is_own_page(request, person):
        logger.warning("Refused: %s may not change the email of person %s", request.user, pk)
        raise PermissionDenied(_("Only the person themselves can change their email settings."))
    form = EmailPreferencesForm(request.POST)
    if not form.is_valid():
        context = _person_context(request, person, email_form=form)
        return render(request, "reports/person_detail.html", context, status=400)
    person.set_email_preferences(
        form.cleaned_data["email"], opt_out=form.cleaned_data["email_opt_out"]
    )
    if not person.email:
        messages.success(request, _("Saved: coflight has no address for you and sends nothing."))
    elif person.email_opt_out:
        messages.success(request, _("Saved: coflight will send you no email."))
    else:
        messages.success(
            request,
            _("Saved: coflight will email %(email)s about your actions.") % {"email": person.email},
        )
    return redirect(f"{person.get_absolute_url()}#email-heading")


ORGANISATIONS_PER_PAGE = 100


@require_safe
@cached_for_readers
def organisation_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    organisations = Organisation.objects.annotate(
        people_count=Coalesce(Subquery(people.annotate(n=Count("pk")).values("n")), 0)
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/organisation_list.html", {"page": page})


@require_safe
@cached_for_readers
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "reports/organisation_detail.html",
        {
            "organisation": organisation,
            "people": organisation.people.all(),
            "actions": Action.objects.of_organisation(organisation).for_display().in_report_order(),
            **edit_context(request),
        },
    )

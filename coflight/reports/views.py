"""The pages that read the record: the meetings, a meeting's report, a person, an organisation."""

import logging
from pathlib import Path

from django.conf import settings
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
from coflight.actions.permissions import can_read_minutes, edit_context
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Attendance, Meeting
from coflight.organisations.models import Organisation
from coflight.pagecache import shared
from coflight.pagecache.decorators import shared_page
from coflight.people.forms import EmailPreferencesForm
from coflight.people.models import Person

logger = logging.getLogger(__name__)

REVIEW_LIMIT = 20
REVIEW_COUNTED = 1000
PAST_PER_PAGE = 30


@require_safe
@shared_page
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
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # What this meeting's page shows changes less often than the data as a whole: its own key.
    revision = Meeting.page_revision_of(pk)
    if revision is None:
        raise Http404
    return shared.page(request, revision, lambda: _report(request, pk, revision))


def meeting_page_marked(request: HttpRequest, pk: int) -> bytes:
    """The meeting's page as `request`'s viewer would get it, their own parts marked."""
    revision = Meeting.page_revision_of(pk)
    if revision is None:
        raise Http404
    return shared.marked(request, revision, lambda: _report(request, pk, revision))


def _report(request: HttpRequest, pk: int, revision: str = "") -> HttpResponse:
    readable = Action.objects.readable_by(request.user)
    meetings = Decision.objects.placed_in(
        readable.for_display().placed_in(Meeting.objects.for_report())
    )
    meeting = get_object_or_404(meetings, pk=pk)
    earlier_open = Action.objects.still_open_before(meeting).readable_by(request.user)
    context = {
        "meeting": meeting,
        "earlier_open": earlier_open.for_display().in_report_order()[:REVIEW_LIMIT],
        # Counted up to a bound: past it, the count alone would cost more than the page.
        "earlier_open_count": earlier_open.order_by()[: REVIEW_COUNTED + 1].count(),
        "review_counted": REVIEW_COUNTED,
        "present": {a.person_id for a in meeting.attendances.all() if a.person_id},
        # Readers read published minutes; members may read them in draft, as they are written.
        "minutes_readable": can_read_minutes(request.user, meeting),
        # Where its live updates start from: what changed since this revision is sent at once.
        "revision": revision,
        **edit_context(request),
    }
    return render(request, "reports/meeting_detail.html", context)


@require_safe
def meeting_source(request: HttpRequest, pk: int) -> HttpResponse:
    source_text = Meeting.objects.filter(pk=pk).values_list("source_text", flat=True).first()
    if not source_text:
        raise Http404
    return HttpResponse(source_text, content_type="text/plain; charset=utf-8")


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    def person_page() -> HttpResponse:
        person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
        return _person_page(request, person)

    if is_own_person_page(request, pk):
        # Their email settings are on it: theirs alone.
        return person_page()
    return shared.page(request, shared.revision(request), person_page)


def person_page_marked(request: HttpRequest, pk: int) -> bytes:
    """The person's page as `request`'s viewer would get it, their own parts marked."""

    def person_page() -> HttpResponse:
        person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
        return _person_page(request, person)

    if is_own_person_page(request, pk):
        request.coflight_marks = True  # type: ignore[attr-defined]
        return person_page().content
    return shared.marked(request, shared.revision(request), person_page)


def is_own_person_page(request: HttpRequest, pk: int) -> bool:
    user = request.user
    return user.is_authenticated and Person.objects.filter(pk=pk, user_id=user.pk).exists()


def _is_own_page(request: HttpRequest, person: Person) -> bool:
    return request.user.is_authenticated and person.user_id == request.user.pk


def _person_page(
    request: HttpRequest,
    person: Person,
    email_form: EmailPreferencesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if email_form is None and _is_own_page(request, person):
        email_form = EmailPreferencesForm(
            initial={"email": person.email, "email_opt_out": person.email_opt_out}
        )
    context = {
        "person": person,
        "email_form": email_form,
        # Where its live updates start from, as on a meeting's page.
        "revision": shared.revision(request),
        **_person_record(request, person),
    }
    return render(request, "reports/person_detail.html", context, status=status)


def _person_record(request: HttpRequest, person: Person) -> dict:
    attendances = (
        Attendance.objects.filter(person=person)
        .select_related("meeting", "organisation")
        .defer("meeting__summary", "meeting__source_text")
        .order_by("-meeting__date", "-meeting_id")
    )
    readable = Action.objects.readable_by(request.user)
    closed = (
        readable.owned_by(person)
        .exclude(status__in=Action.OPEN_STATUSES)
        .for_display()
        .in_report_order()
        .reverse()
    )
    # The latest are context; the rest are one link away, in the action list.
    latest_closed = list(closed[: settings.COFLIGHT_LIST_LIMIT + 1])
    possible = readable.possibly_owned_by(person).for_display().in_report_order()
    latest_possible = list(possible[: settings.COFLIGHT_LIST_LIMIT + 1])
    return {
        "attendances": Paginator(attendances, settings.COFLIGHT_LIST_LIMIT).get_page(
            request.GET.get("meetings")
        ),
        **readable.open_for(person, limit=settings.COFLIGHT_LIST_LIMIT),
        "closed_actions": latest_closed[: settings.COFLIGHT_LIST_LIMIT],
        "closed_count": closed.count()
        if len(latest_closed) > settings.COFLIGHT_LIST_LIMIT
        else len(latest_closed),
        "possible_actions": latest_possible[: settings.COFLIGHT_LIST_LIMIT],
        "possible_count": possible.count()
        if len(latest_possible) > settings.COFLIGHT_LIST_LIMIT
        else len(latest_possible),
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
        return _person_page(request, person, email_form=form, status=400)
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
PEOPLE_PER_PAGE = 100


@require_safe
@shared_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    organisations = Organisation.objects.annotate(
        people_count=Coalesce(Subquery(people.annotate(n=Count("pk")).values("n")), 0)
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/organisation_list.html", {"page": page})


@require_safe
@shared_page
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    people = organisation.people.all()
    actions = Action.objects.readable_by(request.user).of_organisation(organisation)
    context = {
        "organisation": organisation,
        "people": Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("people")),
        "actions": actions.for_display().in_report_order()[: settings.COFLIGHT_LIST_LIMIT],
        "action_count": actions.count(),
        **edit_context(request),
    }
    return render(request, "reports/organisation_detail.html", context)

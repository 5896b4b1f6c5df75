"""Planning meetings from the site: a new meeting, the next of a series, its agenda, and moving
it from planned to held to published. Secretaries only; everyone reads the result on the
meeting's page."""

import functools
import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coflight.http import HtmxHttpRequest, people_query
from coflight.people.models import Person

from . import services
from .forms import (
    AgendaItemForm,
    InviteForm,
    MaterialForm,
    MeetingForm,
    MoveForm,
    NewAgendaItemForm,
    PresenterForm,
    RollCallForm,
)
from .models import AgendaItem, Meeting, Presentation

logger = logging.getLogger(__name__)

PLAN = "meetings.add_meeting"
WRITE_UP = "meetings.change_meeting"


def secretaries_only(permission: str) -> Callable:
    """Anonymous visitors are sent to sign in; users without `permission` are refused, and the
    refusal logged."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                logger.warning(
                    "Refused: %s may not %s %s", request.user, request.method, request.path
                )
                raise PermissionDenied(_("Only secretaries can plan and write up meetings."))
            return view(request, *args, **kwargs)

        return checked

    return decorator


@require_http_methods(["GET", "HEAD", "POST"])
@secretaries_only(PLAN)
def new_meeting(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting is planned. Now its agenda."))
        return redirect("meetings:agenda", meeting.pk)
    status = 400 if form.errors else 200
    return render(request, "meetings/meeting_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@secretaries_only(WRITE_UP)
def edit_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("series"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The meeting’s details are saved."))
        return redirect(meeting)
    status = 400 if form.errors else 200
    context = {"form": form, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context, status=status)


@require_POST
@secretaries_only(PLAN)
def plan_next(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    planned, created = services.next_of_series(meeting)
    day = date_format(planned.date, "j F Y")
    if created:
        messages.success(
            request,
            _("%(title)s is planned for %(date)s, as often as before: change the date if need be.")
            % {"title": planned.title, "date": day},
        )
    else:
        messages.success(
            request,
            _("%(title)s of %(date)s was already planned: here it is.")
            % {"title": planned.title, "date": day},
        )
    return redirect("meetings:agenda", planned.pk)


# --- the agenda ---------------------------------------------------------------------------


def _agenda_context(meeting: Meeting, **extra) -> dict:
    items = list(
        meeting.agenda_items.order_by("position", "pk").prefetch_related(
            Prefetch(
                "presentations",
                queryset=Presentation.objects.select_related("person__organisation"),
            ),
            "materials",
        )
    )
    planned = sum(item.duration or 0 for item in items)
    length = None
    if meeting.starts_at and meeting.ends_at:
        length = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    tops = [item for item in items if item.parent_id is None]
    new_item_form = extra.pop("new_item_form", None) or NewAgendaItemForm(meeting=meeting)
    if extra.get("added"):
        # Ready for the next one: secretaries add items in a row.
        new_item_form.fields["title"].widget.attrs["autofocus"] = True
    return {
        "meeting": meeting,
        "agenda": [(top, [i for i in items if i.parent_id == top.pk]) for top in tops],
        "planned_minutes": planned,
        "meeting_minutes": length,
        "over": length is not None and planned > length,
        "new_item_form": new_item_form,
        "locked": meeting.status == Meeting.Status.PUBLISHED,
        **extra,
    }


@require_safe
@secretaries_only(WRITE_UP)
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    context = _agenda_context(meeting, added=request.GET.get("added") == "1")
    # The presenter picker without JavaScript: the people found, under the item they are for.
    wanted = request.GET.get("presenters_for", "")
    query = people_query(request)
    if wanted.isdecimal() and wanted.isascii() and query:
        context["picker_item"] = int(wanted)
        context["picker_query"] = query
        context["picker_results"] = Person.objects.with_organisation().matching(query)[:10]
    return render(request, "meetings/agenda.html", context)


def _agenda_answer(
    request: HtmxHttpRequest, meeting: Meeting, *, error: str = "", status: int = 200, **extra
) -> HttpResponse:
    """The agenda editor again: the fragment for htmx, the page (or back to it) without."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif extra.get("notice"):
            messages.success(request, extra["notice"])
        address = reverse("meetings:agenda", args=[meeting.pk])
        return redirect(f"{address}?added=1" if extra.get("added") else address)
    context = _agenda_context(meeting, error=error, **extra)
    return render(request, "meetings/agenda.html#editor", context, status=status)


def _item(meeting: Meeting, item: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item, meeting=meeting)


@require_POST
@secretaries_only(WRITE_UP)
def agenda_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = NewAgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        if not request.htmx:
            context = _agenda_context(meeting, new_item_form=form)
            return render(request, "meetings/agenda.html", context, status=400)
        return _agenda_answer(request, meeting, status=400, new_item_form=form)
    data = form.cleaned_data
    try:
        item = services.add_item(
            meeting,
            title=data["title"],
            parent=data["parent"],
            duration=data["duration"],
            recurring=data["recurring"],
        )
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    notice = _("Item %(number)s added.") % {"number": item.number}
    return _agenda_answer(request, meeting, notice=notice, added=True)


@require_POST
@secretaries_only(WRITE_UP)
def agenda_change(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    agenda_item = _item(meeting, item)
    form = AgendaItemForm(request.POST, instance=agenda_item)
    if not form.is_valid():
        return _agenda_answer(request, meeting, error=_form_errors(form), status=400)
    data = form.cleaned_data
    try:
        services.change_item(
            agenda_item, title=data["title"], duration=data["duration"], recurring=data["recurring"]
        )
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    return _agenda_answer(request, meeting, focus=agenda_item.pk)


@require_POST
@secretaries_only(WRITE_UP)
def agenda_remove(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.remove_item(_item(meeting, item))
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    return _agenda_answer(request, meeting)


@require_POST
@secretaries_only(WRITE_UP)
def agenda_move(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    agenda_item = _item(meeting, item)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _agenda_answer(request, meeting, error=_("Choose up, down, in or out."), status=400)
    try:
        services.move_item(agenda_item, form.cleaned_data["direction"])
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    return _agenda_answer(
        request, meeting, focus=agenda_item.pk, moved=form.cleaned_data["direction"]
    )


@require_POST
@secretaries_only(WRITE_UP)
def agenda_presenters(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    """Adds a presenter to an item, picked like an action's owner, or takes one off."""
    meeting = get_object_or_404(Meeting, pk=pk)
    agenda_item = _item(meeting, item)
    form = PresenterForm(request.POST)
    if not form.is_valid():
        return _agenda_answer(request, meeting, error=_form_errors(form), status=400)
    person, remove = form.cleaned_data["person"], form.cleaned_data["remove"]
    try:
        if person is not None:
            services.add_presenter(agenda_item, person)
        else:
            services.remove_presenter(agenda_item, remove)
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    return _agenda_answer(request, meeting, opened=agenda_item.pk)


@require_POST
@secretaries_only(WRITE_UP)
def agenda_materials(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    """Adds a link to an item's slides or documents, or takes one off."""
    meeting = get_object_or_404(Meeting, pk=pk)
    agenda_item = _item(meeting, item)
    form = MaterialForm(request.POST)
    if not form.is_valid():
        return _agenda_answer(request, meeting, error=_form_errors(form), status=400)
    data = form.cleaned_data
    try:
        if data["remove"] is not None:
            services.remove_material(agenda_item, data["remove"])
        else:
            services.add_material(agenda_item, title=data["title"], url=data["url"])
    except services.NotAllowedNow as refusal:
        return _agenda_answer(request, meeting, error=str(refusal), status=409)
    return _agenda_answer(request, meeting, opened=agenda_item.pk)


def _form_errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


# --- invitations and the roll call ----------------------------------------------------------


def _roll_call_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    invitations = list(meeting.invitations.select_related("person__organisation", "organisation"))
    attendances = {
        a.person_id: a
        for a in meeting.attendances.select_related("person__organisation", "organisation")
    }
    invited = {i.person_id for i in invitations}
    query = people_query(request)
    return {
        "meeting": meeting,
        "roster": [(i, attendances.get(i.person_id)) for i in invitations],
        "guests": [a for pk, a in attendances.items() if pk not in invited],
        "query": query,
        "found": Person.objects.with_organisation().matching(query)[:10] if query else None,
        **extra,
    }


@require_safe
@secretaries_only(WRITE_UP)
def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    return render(request, "meetings/roll_call.html", _roll_call_context(request, meeting))


def _roll_call_answer(
    request: HtmxHttpRequest, meeting: Meeting, *, error: str = "", status: int = 200
) -> HttpResponse:
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("meetings:roll_call", meeting.pk)
    context = _roll_call_context(request, meeting, error=error)
    return render(request, "meetings/roll_call.html#roster", context, status=status)


@require_POST
@secretaries_only(WRITE_UP)
def roll_call_mark(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = RollCallForm(request.POST)
    if not form.is_valid():
        return _roll_call_answer(request, meeting, error=_form_errors(form), status=400)
    data = form.cleaned_data
    try:
        services.call(
            meeting, data["person"], data["presence"], arrived=data["arrived"], left=data["left"]
        )
    except services.NotAllowedNow as refusal:
        return _roll_call_answer(request, meeting, error=str(refusal), status=409)
    return _roll_call_answer(request, meeting)


@require_POST
@secretaries_only(WRITE_UP)
def invite(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _roll_call_answer(request, meeting, error=_("Choose someone to invite."), status=400)
    services.invite(meeting, form.cleaned_data["person"])
    return _roll_call_answer(request, meeting)


@require_POST
@secretaries_only(WRITE_UP)
def uninvite(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _roll_call_answer(request, meeting, error=_("Choose someone."), status=400)
    try:
        services.uninvite(meeting, form.cleaned_data["person"])
    except services.NotAllowedNow as refusal:
        return _roll_call_answer(request, meeting, error=str(refusal), status=409)
    return _roll_call_answer(request, meeting)


# --- holding it ---------------------------------------------------------------------------


def _step(request: HttpRequest, pk: int, step: Callable[[Meeting], None], done: str) -> bool:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        step(meeting)
    except services.NotAllowedNow as refusal:
        messages.error(request, str(refusal))
        return False
    messages.success(request, done)
    return True


@require_POST
@secretaries_only(WRITE_UP)
def start(request: HttpRequest, pk: int) -> HttpResponse:
    if _step(request, pk, services.start, _("The meeting has started.")):
        return redirect("meetings:write", pk)
    return redirect("meetings:detail", pk)


@require_POST
@secretaries_only(WRITE_UP)
def end(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("The meeting has ended. Its minutes are a draft, which members can read.")
    _step(request, pk, services.end, done)
    return redirect("meetings:detail", pk)


@require_POST
@secretaries_only(WRITE_UP)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("The minutes are published: everyone can read them.")
    if _step(request, pk, services.publish, done) and request.user.has_perm(
        "notifications.send_minutes"
    ):
        # Then, in one more click, to the attendees and invitees.
        return redirect(reverse("meetings:minutes_confirm", args=[pk]))
    return redirect("meetings:detail", pk)

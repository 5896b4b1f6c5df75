import hashlib
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coflight.actions.models import Action
from coflight.actions.permissions import can_read_minutes
from coflight.decisions.models import Decision
from coflight.http import AuthenticatedHttpRequest, HtmxHttpRequest
from coflight.meetings.models import AgendaItem, Meeting, StaleMinutes
from coflight.meetings.services import NotAllowedNow, amend_minutes
from coflight.meetings.views import secretaries_only

from . import capture, markdown
from .forms import AmendForm, ImportForm
from .parser import MinutesError, ParsedReport, Role, meetings_in, parse
from .services import ImportPlan, import_archive, import_plan, import_save

CHOICE_PREFIXES = ("attendee-", "presenter-", "owner-", "placeholder-", "meeting-")


@login_required
@permission_required("meetings.add_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_minutes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste or upload minutes, see what coflight understood, settle doubts, then save."""
    if request.method == "GET":
        return render(request, "minutes/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "minutes/import.html", {"form": form}, status=400)
    try:
        report = parse(form.cleaned_data["text"])
    except MinutesError as error:
        form.add_error(None, str(error))
        return render(request, "minutes/import.html", {"form": form}, status=400)
    report.notices.extend(form.notices)
    resolutions = {k: request.POST[k] for k in request.POST if k.startswith(CHOICE_PREFIXES)}
    split = request.POST.get("split") == "1" and meetings_in(form.cleaned_data["text"])
    if "save" in request.POST and split:
        return _save_each(request, form, report, resolutions)
    if "save" in request.POST:
        try:
            meeting = import_save(
                report, resolutions, replace=form.cleaned_data["replace"], by=request.user
            )
        except MinutesError as error:
            return _not_saved(request, form, report, resolutions, error)
        messages.success(
            request,
            _("Imported “%(title)s” with %(count)d actions.")
            % {"title": meeting.title, "count": len(report.actions)},
        )
        return redirect(meeting)
    context = preview_context(form, import_plan(report, resolutions))
    return render(request, "minutes/import.html", context)


def _not_saved(
    request: HttpRequest,
    form: ImportForm,
    report: ParsedReport,
    resolutions: dict,
    error: MinutesError,
) -> HttpResponse:
    """The preview again, saying why nothing was saved."""
    context = preview_context(form, import_plan(report, resolutions))
    context["save_error"] = str(error)
    return render(request, "minutes/import.html", context, status=409)


def _save_each(
    request: AuthenticatedHttpRequest, form: ImportForm, report: ParsedReport, resolutions: dict
) -> HttpResponse:
    """A file of several meetings, saved as one meeting each (all or none)."""
    try:
        meetings = import_archive(
            form.cleaned_data["text"],
            resolutions,
            replace=form.cleaned_data["replace"],
            by=request.user,
        )
    except MinutesError as error:
        return _not_saved(request, form, report, resolutions, error)
    messages.success(
        request,
        ngettext(
            "Imported %(count)d meeting from this file: %(days)s.",
            "Imported %(count)d meetings from this file: %(days)s.",
            len(meetings),
        )
        % {
            "count": len(meetings),
            "days": ", ".join(date_format(m.date, "j F Y") for m in meetings),
        },
    )
    return redirect(meetings[0])


# A preview shows this much of each list and says how much more there is: minutes of 5 MB made
# a 29 MB page. Everything is saved whatever the preview shows.
SHOWN = {
    "items": 60,
    "actions": 200,
    "attendees": 300,
    "choices": 100,
    "warnings": 60,
    "lines": 2000,
}


def role_labels() -> dict[str, str]:
    return {
        Role.TEXT: _("text"),
        Role.MEETING: _("meeting"),
        Role.ATTENDEES: _("attendees"),
        Role.AGENDA: _("agenda"),
        Role.ACTION: _("action"),
        Role.DECISION: _("decision"),
    }


def read_lines(report: ParsedReport) -> list[tuple[int, str, str, str]]:
    """Each line of the minutes that has words: its number, its role, the role's name, itself."""
    labels = role_labels()
    return [
        (number, role, labels[role], line)
        for number, (line, role) in enumerate(report.lines(), start=1)
        if role
    ]


def preview_context(form: ImportForm, plan: ImportPlan) -> dict:
    report = plan.report
    lists: dict[str, list] = {
        "items": report.items,
        "actions": list(zip(report.actions, plan.owners, strict=True)),
        "attendees": plan.attendees,
        "choices": plan.choices,
        "warnings": plan.warnings,
        "lines": read_lines(report),
    }
    as_text = sum(1 for role in report.roles if role == Role.TEXT)
    return {
        # A file of several meetings: the preview offers to save one meeting each.
        "archive": meetings_in(form.cleaned_data["text"]),
        "lines_as_text": as_text,
        "lines_as_structure": sum(1 for role in report.roles if role) - as_text,
        "form": form,
        "plan": plan,
        "text": form.cleaned_data["text"],
        **{f"shown_{name}": rows[: SHOWN[name]] for name, rows in lists.items()},
        **{f"more_{name}": max(0, len(rows) - SHOWN[name]) for name, rows in lists.items()},
    }


@require_safe
def meeting_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as Markdown minutes, which import back into the same meeting."""
    meetings = Decision.objects.placed_in(
        Action.objects.for_display().placed_in(Meeting.objects.for_report())
    )
    meeting = get_object_or_404(meetings, pk=pk)
    if not can_read_minutes(request.user, meeting):
        raise Http404(_("The minutes of this meeting are not published yet."))
    response = HttpResponse(
        markdown.meeting_markdown(meeting), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.md"'
    return response


# --- writing the minutes during the meeting -------------------------------------------------

WRITE = "meetings.change_meeting"
REVIEW_SHOWN = 20
# An agenda item for going through the open actions, as agendas name it.
REVIEW_WORDS = ("review", "revue", "suivi des actions", "actions en cours")


def _writable(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.status == Meeting.Status.PUBLISHED:
        raise PermissionDenied(_("The minutes are published: they can no longer be changed."))
    return meeting


def _current_item(meeting: Meeting, wanted: str | None) -> AgendaItem | None:
    items = meeting.agenda_items.select_related("parent")
    if wanted and wanted.isdecimal() and wanted.isascii():
        found = items.filter(pk=int(wanted)).first()
        if found:
            return found
    return items.order_by("position", "pk").first()


def _write_context(meeting: Meeting, item: AgendaItem | None, **extra) -> dict:
    agenda = list(meeting.agenda_items.order_by("position", "pk").select_related("parent"))
    index = next((i for i, a in enumerate(agenda) if item and a.pk == item.pk), None)
    outcomes: list = []
    if item is not None:
        outcomes = [
            *(("decision", d) for d in Decision.objects.filter(agenda_item=item)),
            *(("action", a) for a in Action.objects.for_display().filter(agenda_item=item)),
        ]
    review = None
    if item is not None and any(word in item.title.lower() for word in REVIEW_WORDS):
        # The actions to go through: due here, then still open from earlier meetings.
        review = {
            "due": list(Action.objects.for_display().filter(due_meeting=meeting)),
            "earlier": list(
                Action.objects.still_open_before(meeting)
                .for_display()
                .in_report_order()[:REVIEW_SHOWN]
            ),
        }
    return {
        "agenda": agenda,
        "review": review,
        "next_item": agenda[index + 1] if index is not None and index + 1 < len(agenda) else None,
        "previous_item": agenda[index - 1] if index else None,
        "outcomes": outcomes,
        **_capture_context(meeting, item, **extra),
    }


def _capture_context(meeting: Meeting, item: AgendaItem | None, **extra) -> dict:
    """What the one-line form and the outcomes it shows need."""
    return {
        "meeting": meeting,
        "item": item,
        "line": "",
        "can_edit": True,
        # Where an action's controls, opened from here, come back to.
        "next_url": reverse("meetings:write", args=[meeting.pk])
        + (f"?item={item.pk}" if item else ""),
        # Names this form's line, so that sending it twice (a double click) adds it once.
        "capture_token": secrets.token_urlsafe(16),
        **extra,
    }


@require_safe
@secretaries_only(WRITE)
def write_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's view: the agenda on the left, the current item's minutes on the right."""
    meeting = _writable(request, pk)
    item = _current_item(meeting, request.GET.get("item"))
    # Back from adding a line without JavaScript: ready for the next one.
    context = _write_context(meeting, item, added=request.GET.get("captured") == "1")
    return render(request, "minutes/write.html", context)


@require_POST
@secretaries_only(WRITE)
def save_item_minutes(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    """One save of an item's minutes, as typed over `version`. A save over an older version is
    refused with 409, the other text shown and this one kept in the field: nothing typed is lost."""
    meeting = _writable(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    if "minutes" not in request.POST:
        return HttpResponse(_("The form is missing its minutes: reload the page."), status=400)
    text = request.POST["minutes"].replace("\x00", "").replace("\r\n", "\n")
    # After a conflict, the version the secretary merged the other text from.
    version = request.POST.get("merged_version") or request.POST.get("version", "")
    status, conflict = 200, None
    if not (version.isdecimal() and version.isascii()):
        return _minutes_answer(
            request,
            meeting,
            agenda_item,
            text,
            status=400,
            error=_("The form is missing its version: reload the page."),
        )
    try:
        agenda_item.write_minutes(text, int(version))
    except StaleMinutes:
        agenda_item.refresh_from_db()
        status, conflict = 409, agenda_item.minutes
    return _minutes_answer(request, meeting, agenda_item, text, status=status, conflict=conflict)


def _minutes_answer(request, meeting, item, text, *, status, conflict=None, error=""):
    if not request.htmx:
        if status == 200:
            messages.success(
                request, _("The minutes of item %(n)s are saved.") % {"n": item.number}
            )
            return redirect(f"{reverse('meetings:write', args=[meeting.pk])}?item={item.pk}")
        context = _write_context(meeting, item, typed=text, conflict=conflict, error=error)
        return render(request, "minutes/write.html", context, status=status)
    context = {
        "meeting": meeting,
        "item": item,
        "conflict": conflict,
        "error": error,
        "saved_at": timezone.localtime() if status == 200 else None,
        # The field's version follows each save; after a conflict it stays, so that no further
        # save overwrites the other text until the secretary says they merged it.
        "oob": status == 200,
    }
    return render(request, "minutes/write.html#save_state", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@secretaries_only(WRITE)
def amend_item_minutes(request: AuthenticatedHttpRequest, pk: int, item: int) -> HttpResponse:
    """A change to published minutes: the new text and the reason, both kept in its history."""
    agenda_item = get_object_or_404(
        AgendaItem.objects.select_related("meeting", "parent"), pk=item, meeting_id=pk
    )
    meeting = agenda_item.meeting
    if meeting.status != Meeting.Status.PUBLISHED:
        return redirect(f"{reverse('meetings:write', args=[meeting.pk])}?item={agenda_item.pk}")
    initial = {"minutes": agenda_item.minutes, "version": agenda_item.version}
    form = AmendForm(request.POST if request.method == "POST" else None, initial=initial)
    status, conflict = 200, None
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                amend_minutes(
                    agenda_item,
                    form.cleaned_data["minutes"],
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except StaleMinutes:
                agenda_item.refresh_from_db()
                status, conflict = 409, agenda_item.minutes
                # Sent again, the form replaces the other text: the secretary has now seen it.
                data = request.POST.copy()
                data["version"] = str(agenda_item.version)
                form = AmendForm(data)
                form.is_valid()
            except NotAllowedNow as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Item %(n)s is amended.") % {"n": agenda_item.number})
                return redirect(f"{meeting.get_absolute_url()}#item-{agenda_item.pk}")
    context = {"meeting": meeting, "item": agenda_item, "form": form, "conflict": conflict}
    return render(request, "minutes/amend.html", context, status=status)


@require_POST
@secretaries_only(WRITE)
def capture_line(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One line that adds an action or a decision to the current item."""
    meeting = _writable(request, pk)
    wanted = request.POST.get("item", "")
    item = _current_item(meeting, wanted)
    if wanted and (item is None or str(item.pk) != wanted):
        return HttpResponse(
            _("That agenda item is not this meeting’s: reload the page."), status=400
        )
    line = request.POST.get("line", "").replace("\x00", " ").strip()[:2000]
    answers = {k: str(v) for k, v in request.POST.items() if k.startswith("owner-")}
    try:
        captured = capture.read(line, meeting, answers)
    except capture.NotALine as error:
        return _capture_answer(request, meeting, item, line=line, error=str(error), status=400)
    needed = "actions.add_action" if captured.kind == "action" else "decisions.add_decision"
    if not request.user.has_perm(needed):
        raise PermissionDenied(_("Only secretaries can add actions and decisions."))
    if not captured.ready:
        return _capture_answer(request, meeting, item, line=line, captured=captured, status=200)
    sent = request.POST.get("capture_token", "")
    token = hashlib.sha256(sent.encode()).hexdigest()[:32] if sent else ""
    try:
        added = capture.save(captured, meeting, item, token)
    except capture.AlreadyCaptured:
        return _capture_answer(
            request, meeting, item, notice=_("This line was already added."), status=200
        )
    notice = (
        _("Decision %(ref)s recorded.")
        if captured.kind == "decision"
        else _("Action %(ref)s added.")
    ) % {"ref": added.reference}
    return _capture_answer(request, meeting, item, notice=notice, added=added, status=200)


def _capture_answer(request, meeting, item, *, status, **extra):
    if not request.htmx:
        if status == 200 and "added" in extra:
            messages.success(request, extra["notice"])
            address = reverse("meetings:write", args=[meeting.pk])
            return redirect(f"{address}?item={item.pk}&captured=1" if item else address)
        context = _write_context(meeting, item, **extra)
        return render(request, "minutes/write.html", context, status=status)
    # The form again, and what it added appended to the item's outcomes: one fragment for the
    # new action or decision, whatever the item already holds.
    context = _capture_context(meeting, item, **extra)
    context["added_kind"] = "action" if isinstance(extra.get("added"), Action) else "decision"
    return render(request, "minutes/write.html#captured", context, status=status)

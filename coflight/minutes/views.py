from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.http import AuthenticatedHttpRequest
from coflight.meetings.models import Meeting

from . import markdown
from .forms import ImportForm
from .parser import MinutesError, parse
from .services import ImportPlan, import_plan, import_save

CHOICE_PREFIXES = ("attendee-", "presenter-", "owner-", "placeholder-")


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
    if "save" in request.POST:
        try:
            meeting = import_save(
                report, resolutions, replace=form.cleaned_data["replace"], by=request.user
            )
        except MinutesError as error:
            context = preview_context(form, import_plan(report, resolutions))
            context["save_error"] = str(error)
            return render(request, "minutes/import.html", context, status=409)
        messages.success(
            request,
            _("Imported “%(title)s” with %(count)d actions.")
            % {"title": meeting.title, "count": len(report.actions)},
        )
        return redirect(meeting)
    context = preview_context(form, import_plan(report, resolutions))
    return render(request, "minutes/import.html", context)


# A preview shows this much of each list and says how much more there is: minutes of 5 MB made
# a 29 MB page. Everything is saved whatever the preview shows.
SHOWN = {"items": 60, "actions": 200, "attendees": 300, "choices": 100, "warnings": 60}


def preview_context(form: ImportForm, plan: ImportPlan) -> dict:
    report = plan.report
    lists: dict[str, list] = {
        "items": report.items,
        "actions": list(zip(report.actions, plan.owners, strict=True)),
        "attendees": plan.attendees,
        "choices": plan.choices,
        "warnings": plan.warnings,
    }
    return {
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
    response = HttpResponse(
        markdown.meeting_markdown(meeting), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.md"'
    return response

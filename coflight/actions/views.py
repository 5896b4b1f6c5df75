import csv
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from coflight.http import AuthenticatedHttpRequest, HtmxHttpRequest, people_query, safe_path
from coflight.pagecache.decorators import shared_page
from coflight.people.models import Person

from . import forms
from .history import action_history, latest_change
from .models import Action
from .permissions import CHANGE_PERMISSION, controls_context, edit_context
from .services import StaleEdit, action_change

logger = logging.getLogger(__name__)


@require_safe
@shared_page
def action_list(request: HttpRequest) -> HttpResponse:
    form = forms.ActionFilterForm(request.GET)
    valid = form.is_valid()
    form.limit_choices()
    if not valid:
        # A filter naming nothing that exists is a page that does not exist; say why.
        return render(request, "actions/action_list.html", {"form": form}, status=404)
    paginator = Paginator(
        form.filter(Action.objects.readable_by(request.user).for_display()).in_report_order(),
        settings.COFLIGHT_ACTIONS_PER_PAGE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginator.get_page(request.GET.get("page")),
        "query": query.urlencode(),
        **edit_context(request),
    }
    return render(request, "actions/action_list.html", context)


CSV_COLUMNS = [
    _lazy("Reference"), _lazy("Number in its meeting"), _lazy("Action"), _lazy("Owners"),
    _lazy("Acting for"), _lazy("Due"), _lazy("Due at meeting"), _lazy("Status"),
    _lazy("Meeting"), _lazy("Meeting date"), _lazy("Agenda item"), _lazy("Note"), _lazy("Link"),
]  # fmt: skip


@require_safe
def action_csv(request: HttpRequest) -> HttpResponseBase:
    """The action list as a spreadsheet, with the filters of the page it was asked from."""
    form = forms.ActionFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "actions/action_list.html", {"form": form}, status=404)
    actions = form.filter(Action.objects.readable_by(request.user).for_display()).in_report_order()
    writer = csv.writer(_Echo())

    def rows():
        # The byte order mark makes spreadsheets read the file as UTF-8, accents intact.
        yield "\ufeff" + writer.writerow([str(label) for label in CSV_COLUMNS])
        for action in actions.iterator(chunk_size=500):
            yield writer.writerow(_cells(request, action))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coflight-actions.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cells(request: HttpRequest, action: Action) -> list[str]:
    cells = [
        action.reference,
        str(action.position),
        action.text,
        action.owners_text(),
        action.acting_for_text(),
        action.due.isoformat() if action.due else "",
        action.due_meeting.title if action.due_meeting else "",
        str(action.get_status_display()),
        action.meeting.title,
        action.meeting.date.isoformat(),
        str(action.agenda_item) if action.agenda_item else "",
        action.closing_note,
        request.build_absolute_uri(action.get_absolute_url()),
    ]
    return [_defuse(cell) for cell in cells]


def _defuse(cell: str) -> str:
    """A cell a spreadsheet would run as a formula is written as text instead."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@require_safe
@shared_page
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.readable_by(request.user).for_display(), pk=pk)
    return render(request, "actions/action_detail.html", _detail_context(request, action))


def _detail_context(request: HttpRequest, action: Action) -> dict:
    query = people_query(request)
    return {
        "action": action,
        "next_url": safe_path(request, request.GET.get("next", "")),
        "history": action_history(action),
        "on_action_page": True,
        "show_origin": True,
        "picker_query": query,
        "picker_results": Person.objects.with_organisation().matching(query)[:10]
        if query
        else None,
        **controls_context(request),
    }


@login_required
@require_safe
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = Person.objects.filter(user_id=request.user.pk).first()
    context = {"person": person, **edit_context(request)}
    if person:
        context |= Action.objects.open_for(person, limit=settings.COFLIGHT_LIST_LIMIT)
    return render(request, "actions/my_actions.html", context)


def _get_action_for_user(request: HttpRequest, pk: int) -> Action:
    """The action to change, once the user is known to be allowed to change it."""
    if not request.user.is_authenticated:
        raise _NotSignedIn
    if not request.user.has_perm(CHANGE_PERMISSION):
        logger.warning("Refused: %s may not change action %s (%s)", request.user, pk, request.path)
        raise PermissionDenied(_("Only members can change actions."))
    return get_object_or_404(Action, pk=pk)


class _NotSignedIn(Exception):
    pass


def _params(request: HttpRequest):
    return request.POST if request.method == "POST" else request.GET


def _next_url(request: HttpRequest, action: Action) -> str:
    return safe_path(request, _params(request).get("next", "")) or action.get_absolute_url()


@require_safe
@vary_on_headers("HX-Request")
def action_controls(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A card with its edit controls, loaded when a member opens them; without JavaScript the
    card's link leads to the action's page, which has them."""
    try:
        action = _get_action_for_user(request, pk)
    except _NotSignedIn:
        if request.htmx:
            return _flash(request, _("Sign in to change actions."), status=403)
        return redirect_to_login(reverse("actions:detail", args=[pk]))
    except PermissionDenied as refusal:
        if request.htmx:
            return _flash(request, str(refusal), status=403)
        raise
    if not request.htmx:
        query = urlencode({"next": _next_url(request, action)})
        return redirect(f"{action.get_absolute_url()}?{query}#controls-{action.pk}")
    return _respond(request, action, status=200, focus_controls=True)


def _edit(
    request: HtmxHttpRequest, pk: int, form_class: type[forms.ActionEditForm]
) -> HttpResponse:
    try:
        action = _get_action_for_user(request, pk)
    except _NotSignedIn:
        if request.htmx:
            return _flash(request, _("Sign in to change actions."), status=403)
        return redirect_to_login(request.POST.get("next") or reverse("actions:detail", args=[pk]))
    except PermissionDenied as refusal:
        if request.htmx:
            return _flash(request, str(refusal), status=403)
        raise
    form = form_class(request.POST, action=action)
    panel = {"open_panel": form.panel}
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _respond(request, action, status=400, errors=errors, **panel)
    try:
        message = action_change(
            action=action, version=form.cleaned_data["version"], change=form.apply
        )
    except StaleEdit:
        return _respond(request, action, status=409, conflict=form, **panel)
    except ValidationError as error:
        return _respond(request, action, status=400, errors=error.messages, **panel)
    if request.htmx:
        return _respond(request, action, status=200, message=message, **panel)
    messages.success(request, message)
    return redirect(f"{_next_url(request, action)}#action-{action.pk}")


def _respond(request: HtmxHttpRequest, action: Action, *, status: int, **extra) -> HttpResponse:
    action = Action.objects.for_display().get(pk=action.pk)
    conflict = extra.pop("conflict", None)
    if conflict is not None:
        extra["conflict"] = {
            "by": latest_change(action),
            "not_applied": conflict.describe(),
            "url": request.path,
            "fields": [
                (name, value)
                for name in conflict.data
                if name not in {"csrfmiddlewaretoken", "version"}
                for value in conflict.data.getlist(name)
            ],
        }
    params = _params(request)
    context = {
        "action": action,
        "next_url": _next_url(request, action),
        "show_origin": params.get("show_origin") == "1",
        "on_action_page": params.get("on_action_page") == "1",
        **controls_context(request),
        **extra,
    }
    if request.htmx:
        if not context["show_origin"]:
            # The card sits in its own meeting's report, which marks owners who were not there.
            context["meeting"] = action.meeting
            context["present"] = set(
                action.meeting.attendances.exclude(person=None).values_list("person", flat=True)
            )
        response = render(request, "actions/action_detail.html#action", context, status=status)
        if context["on_action_page"]:
            # The page's history follows the change, out of band, in the same answer.
            history = {"history": action_history(action), "oob": True}
            response.content += render_to_string(
                "actions/action_detail.html#history", history, request=request
            ).encode()
        return response
    context |= _detail_context(request, action) | {"next_url": context["next_url"], **extra}
    return render(request, "actions/action_detail.html", context, status=status)


def _flash(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    response = render(request, "base.html#flash", {"flash_message": message}, status=status)
    return reswap(retarget(response, "#flash"), "innerHTML")


@require_POST
def change_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.StatusForm)


@require_POST
def change_due(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.DueForm)


@require_POST
def change_text(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.TextForm)


@require_POST
def add_owner(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.AddOwnerForm)


@require_POST
def remove_owner(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.RemoveOwnerForm)


@require_POST
def change_lead(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, forms.LeadForm)

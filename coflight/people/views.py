from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coflight.actions.models import Action
from coflight.actions.views import edit_context
from coflight.meetings.models import Attendance

from .models import Person

PICKER_RESULTS = 10


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    people = Person.objects.with_organisation().matching(query)
    if request.htmx and request.GET.get("picker"):
        return render(
            request,
            "people/person_list.html#picker",
            {"people": people[:PICKER_RESULTS] if query else None, "query": query},
        )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
    attendances = (
        Attendance.objects.filter(person=person)
        .select_related("meeting", "organisation")
        .defer("meeting__summary", "meeting__source_text")
        .order_by("-meeting__date")
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "attendances": attendances,
            **Action.objects.open_for(person),
            "closed_actions": Action.objects.owned_by(person)
            .exclude(status__in=Action.OPEN_STATUSES)
            .for_display()
            .in_report_order(),
            "possible_actions": Action.objects.possibly_owned_by(person)
            .for_display()
            .in_report_order(),
            **edit_context(request),
        },
    )

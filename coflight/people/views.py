from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coflight.actions.models import Action
from coflight.meetings.models import Attendance

from .models import Person


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.with_organisation(), pk=pk)
    attendances = (
        Attendance.objects.filter(person=person)
        .select_related("meeting", "organisation")
        .defer("meeting__summary", "meeting__source_text")
        .order_by("-meeting__date")
    )
    actions = Action.objects.owned_by(person).for_display().in_report_order()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "attendances": attendances,
            "lead_actions": [a for a in actions if _leads(a, person)],
            "other_actions": [a for a in actions if not _leads(a, person)],
            "possible_actions": Action.objects.possibly_owned_by(person)
            .for_display()
            .in_report_order(),
        },
    )


def _leads(action: Action, person: Person) -> bool:
    return any(o.is_lead and o.person_id == person.pk for o in action.ownerships.all())

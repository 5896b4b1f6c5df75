from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coflight.actions.models import Action
from coflight.actions.views import edit_context
from coflight.pagecache.decorators import cached_for_readers

from .models import Organisation


@require_safe
@cached_for_readers
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "people": organisation.people.all(),
            "actions": Action.objects.of_organisation(organisation).for_display().in_report_order(),
            **edit_context(request),
        },
    )

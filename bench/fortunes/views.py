from operator import attrgetter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Fortune

ADDED = "Additional fortune added at request time."


@require_safe
def fortunes(request: HttpRequest) -> HttpResponse:
    """As TechEmpower specifies it: read every row, add one, sort by message, render escaped."""
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message=ADDED))
    rows.sort(key=attrgetter("message"))
    return render(request, "fortunes/fortunes.html", {"fortunes": rows})

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form, explained; for htmx, shown in the page's message area."""
    if getattr(request, "htmx", False):
        response = render(request, "403_csrf.html#message", status=403)
        return reswap(retarget(response, "#flash"), "innerHTML")
    return render(request, "403_csrf.html", status=403)

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from coflight.http import HtmxHttpRequest


def csrf_failure(request: HtmxHttpRequest, reason: str = "") -> HttpResponse:
    """A refused form, explained; for htmx, shown in the page's message area."""
    if request.htmx:
        response = render(request, "403_csrf.html#message", status=403)
        return reswap(retarget(response, "#flash"), "innerHTML")
    return render(request, "403_csrf.html", status=403)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """What django-axes answers instead of signing in, once there were too many failures."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)

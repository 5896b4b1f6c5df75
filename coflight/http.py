"""The request coflight's views receive, as the type checker should see it."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware, which sets `request.htmx`."""

    htmx: HtmxDetails


def people_query(request: HttpRequest) -> str:
    """What a people search asked for (`?q=`), as the database may be given it."""
    return request.GET.get("q", "").replace("\x00", " ").strip()[:200]


def safe_path(request: HttpRequest, candidate: str) -> str:
    """`candidate` if it is a path into coflight, else nothing: where to go back to after a form."""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a view behind @login_required."""

    user: User

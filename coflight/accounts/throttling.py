"""django-axes' database handler, with a second limit on an account's failures from anywhere."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Sum


class SignInThrottle(AxesDatabaseHandler):
    """Locks an account+address pair after AXES_FAILURE_LIMIT failures, as axes does, and the
    account itself after COFLIGHT_SIGN_IN_ACCOUNT_FAILURES failures from all addresses together
    within the cool-off period, so that spreading guesses over many addresses gains little.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return failures
        from_anywhere = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (from_anywhere or 0) >= settings.COFLIGHT_SIGN_IN_ACCOUNT_FAILURES:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def attempted_username(request, credentials: dict | None = None) -> str | None:
    """The name a sign-in tried, as axes records it: no longer than a username can be, so that
    a name pasted too long is refused by the form instead of failing to be recorded."""
    sent = credentials if credentials else getattr(request, "data", request.POST)
    name = sent.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    return None if name is None else str(name)[: User.username.field.max_length]


def forwarded_address(request) -> str:
    """Behind a load balancer, where every request comes from its address: the client's address
    as the balancer appended it to X-Forwarded-For (a client can forge only what comes before).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    return forwarded or request.META.get("REMOTE_ADDR", "")

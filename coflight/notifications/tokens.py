"""The links in coflight's emails: every one names the site, and unsubscribing needs no sign-in."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coflight.people.models import Person

UNSUBSCRIBE_SALT = "coflight.notifications.unsubscribe"


def absolute(path: str) -> str:
    """Emails are read outside coflight, so every link in them names the site."""
    return settings.COFLIGHT_BASE_URL + path


def unsubscribe_token(person: Person) -> str:
    # Without a timestamp: every email to a person carries the same link, and it never expires.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(person.pk))


def person_for_token(token: str) -> Person | None:
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return Person.objects.filter(pk=int(pk)).first()


def unsubscribe_url(person: Person) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(person)]))


def one_click_unsubscribe_url(person: Person) -> str:
    return absolute(reverse("notifications:one_click", args=[unsubscribe_token(person)]))

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
    """The same in every email to a person, and it never expires: it can only unsubscribe.

    It names the person's email-links version (unsaid while it is 0, as in the links sent before
    there were versions), so that raising it revokes every link sent so far.
    """
    value = (
        f"{person.pk}.{person.email_links_version}"
        if person.email_links_version
        else str(person.pk)
    )
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(value)


def person_for_token(token: str) -> Person | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _dot, version = value.partition(".")
    if not pk.isdigit() or not (version or "0").isdigit():
        return None
    return Person.objects.filter(pk=int(pk), email_links_version=int(version or "0")).first()


def unsubscribe_url(person: Person) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(person)]))


def one_click_unsubscribe_url(person: Person) -> str:
    return absolute(reverse("notifications:one_click", args=[unsubscribe_token(person)]))

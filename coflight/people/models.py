import itertools
import re
import secrets
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coflight.accounts.roles import MEMBERS

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AlreadyLinked(Exception):
    """The person already has an account."""


class PersonQuerySet(models.QuerySet):
    def with_organisation(self) -> "PersonQuerySet":
        return self.select_related("organisation")

    def emailable(self) -> "PersonQuerySet":
        """People coflight may write to: they have an address and have not opted out."""
        return self.exclude(email="").filter(email_opt_out=False)

    def number_namesakes(self) -> None:
        """Numbers the people who share a name and an organisation, and no note tells apart.

        "Mohamed (TSP, 1)" and "Mohamed (TSP, 2)" until staff write a note for each. A number,
        once given, stays with the person; saving a person numbers their namesakes itself, this
        is for rows written in bulk or raw (imports, fixtures).
        """
        for key in set(self.values_list("given_name", "family_name", "organisation")):
            _number_namesakes(*key)

    def matching(self, query: str) -> "PersonQuerySet":
        """People whose name or organisation contains every word of the query."""
        people = self
        for word in query.split()[:8]:
            people = people.filter(
                models.Q(given_name__icontains=word)
                | models.Q(family_name__icontains=word)
                | models.Q(organisation__name__icontains=word)
            )
        return people


class Person(models.Model):
    """Someone named in a report.

    Minutes often give a first name only, and two people may share one (TSP sent two
    Mohameds), so a name is never an identity: people are told apart by their row.
    """

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    note = models.CharField(
        _("note"),
        max_length=100,
        blank=True,
        help_text=_(
            "A few words that tell them apart from someone of the same name and organisation: "
            "a surname, a role, a place. Shown after their name everywhere."
        ),
    )
    namesake = models.PositiveSmallIntegerField(
        _("number among namesakes"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Given by coflight while a namesake has no note to tell them apart."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        help_text=_("Left empty when no report says which organisation they belong to."),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        related_name="person",
        null=True,
        blank=True,
        help_text=_("The account this person signs in with, if any."),
    )

    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_(
            "Where coflight sends reminders, new actions and minutes. Never shown publicly."
        ),
    )
    email_opt_out = models.BooleanField(
        _("no email"),
        default=False,
        help_text=_("Set when they have asked coflight to send them no email at all."),
    )

    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_(
            "The language of their pages and emails, as they chose it in the header. Empty: "
            "their browser's for pages, the site's for emails."
        ),
    )

    email_links_version = models.PositiveIntegerField(
        _("email links issued"),
        default=0,
        editable=False,
        help_text=_("Raised to revoke the unsubscribe links of every email sent so far."),
    )

    calendar_token = models.CharField(
        _("calendar feed token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The secret part of this person's calendar feed address."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["given_name", "family_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        before = None
        if self.pk is not None:
            before = (
                Person.objects.filter(pk=self.pk)
                .values_list("given_name", "family_name", "organisation", "note")
                .first()
            )
        super().save(*args, **kwargs)
        key = (self.given_name, self.family_name, self.organisation_id)
        if before is None or before != (*key, self.note):
            _number_namesakes(*key)
            if before is not None and before[:3] != key:
                _number_namesakes(*before[:3])  # the namesakes they leave
            self.namesake = Person.objects.values_list("namesake", flat=True).get(pk=self.pk)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    def create_member_account(self, username: str, email: str, password: str | None) -> "User":
        """A new account for this person, in the Members group and linked to them.

        Without a password they choose their own through "Forgot your password?", which Django
        offers only to an account with a usable password: it gets a random one no one knows.
        Raises AlreadyLinked when the person has an account (a second click, say).
        """
        with transaction.atomic():
            person = Person.objects.select_for_update().get(pk=self.pk)
            if person.user_id is not None:
                raise AlreadyLinked(person.user)
            user = get_user_model().objects.create_user(
                username, email=email, password=password or secrets.token_urlsafe(32)
            )
            user.groups.add(Group.objects.get(name=MEMBERS))
            Person.objects.filter(pk=self.pk).update(user=user)
        self.user = user
        return user

    def suggested_username(self) -> str:
        """ "jean-pierre.laisne" for Jean-Pierre Laisné: their name, folded to what a username
        takes, numbered if it is taken."""
        name = unicodedata.normalize("NFKD", f"{self.given_name} {self.family_name}")
        words = re.findall(r"[a-z0-9][a-z0-9-]*", name.encode("ascii", "ignore").decode().lower())
        base = ".".join(words)[:140] or "member"
        taken = set(
            get_user_model()
            .objects.filter(username__startswith=base)
            .values_list("username", flat=True)
        )
        return next(
            candidate
            for candidate in itertools.chain([base], (f"{base}{n}" for n in itertools.count(2)))
            if candidate not in taken
        )

    @property
    def distinction(self) -> list[str]:
        """What tells them apart from others of the same name: organisation, note or number."""
        parts = [self.organisation.name] if self.organisation_id and self.organisation else []
        if self.note:
            parts.append(self.note)
        elif self.namesake:
            parts.append(str(self.namesake))
        return parts

    @property
    def short_label(self) -> str:
        """Where their organisation is shown beside them: "Mohamed (2)"."""
        mark = self.note or (str(self.namesake) if self.namesake else "")
        return f"{self.name} ({mark})" if mark else self.name

    @property
    def label(self) -> str:
        """Their name as every list, picker and export shows it: "Mohamed (TSP, 2)"."""
        parts = self.distinction
        return f"{self.name} ({', '.join(parts)})" if parts else self.name

    def renew_calendar_token(self) -> str:
        """A new secret feed address; the old one stops working at once."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token

    def revoke_calendar_token(self) -> None:
        self.calendar_token = None
        self.save(update_fields=["calendar_token"])

    def set_email_preferences(self, email: str, *, opt_out: bool) -> None:
        """A new address also revokes the links in emails sent to the old one."""
        if email.strip() != self.email:
            self.email_links_version += 1
        self.email = email.strip()
        self.email_opt_out = opt_out
        self.save(update_fields=["email", "email_opt_out", "email_links_version"])

    def revoke_email_links(self) -> None:
        """The links in every email sent so far stop working, whoever holds them."""
        self.email_links_version += 1
        self.save(update_fields=["email_links_version"])

    def unsubscribe(self) -> None:
        self.email_opt_out = True
        self.save(update_fields=["email_opt_out"])

    @property
    def can_be_emailed(self) -> bool:
        return bool(self.email) and not self.email_opt_out

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Mention(models.Model):
    """A person as a report names them, where the name may fit more than one person.

    When the name fits one person, `person` is set. When it fits several ("Patrice"
    came from two universities) `person` stays empty and `candidates` lists who it
    could be, so the page shows the doubt and staff settle it in the admin instead
    of coflight guessing.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        null=True,
        blank=True,
    )
    written_as = models.CharField(
        _("written as"),
        max_length=200,
        help_text=_("The name exactly as the report writes it."),
    )
    candidates = models.ManyToManyField(
        Person,
        verbose_name=_("could be"),
        related_name="+",
        blank=True,
        help_text=_("When the report's name fits several people: who it could be."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.written_as

    @property
    def is_ambiguous(self) -> bool:
        return self.person_id is None


def _number_namesakes(given: str, family: str, organisation: int | None) -> None:
    """Numbers the people of one name and organisation that no note tells apart (see Person)."""
    same = Person.objects.filter(
        given_name=given, family_name=family, organisation=organisation
    ).order_by("pk")
    unnoted = [p for p in same if not p.note]
    if len(unnoted) < 2:
        same.exclude(namesake=None).update(namesake=None)
        return
    taken = {p.namesake for p in unnoted if p.namesake}
    number = 0
    for person in unnoted:
        if person.namesake:
            continue
        number += 1
        while number in taken:
            number += 1
        Person.objects.filter(pk=person.pk).update(namesake=number)
    same.exclude(note="").exclude(namesake=None).update(namesake=None)

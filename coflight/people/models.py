import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PersonQuerySet(models.QuerySet):
    def with_organisation(self) -> "PersonQuerySet":
        return self.select_related("organisation")

    def emailable(self) -> "PersonQuerySet":
        """People coflight may write to: they have an address and have not opted out."""
        return self.exclude(email="").filter(email_opt_out=False)

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
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

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

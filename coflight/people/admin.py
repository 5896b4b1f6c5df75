from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import MemberAccountForm
from .models import AlreadyLinked, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["given_name", "family_name", "organisation", "user", "email", "email_opt_out"]
    list_filter = ["organisation", "email_opt_out"]
    search_fields = ["given_name", "family_name", "organisation__name", "email"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]
    readonly_fields = ["has_calendar_feed"]
    actions = ["switch_off_calendar_feeds", "revoke_email_links"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            # The languages offered now: a code typed by hand would be one coflight ignores.
            return forms.ChoiceField(
                choices=[("", _("None chosen: their browser's")), *settings.LANGUAGES],
                required=False,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        account = self.admin_site.admin_view(self.member_account_view)
        return [
            path("<int:pk>/account/", account, name="people_person_account"),
            *super().get_urls(),
        ]

    def member_account_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Creates a member's account and links it to the person, in one screen."""
        if not (request.user.has_perm("auth.add_user") and self.has_change_permission(request)):
            raise PermissionDenied
        person = get_object_or_404(Person.objects.select_related("user", "organisation"), pk=pk)
        change_page = reverse("admin:people_person_change", args=[person.pk])
        if person.user is not None:
            self.message_user(
                request,
                gettext("%(person)s already signs in as “%(username)s”.")
                % {"person": person.label, "username": person.user.get_username()},
                messages.WARNING,
            )
            return redirect(change_page)
        form = MemberAccountForm(
            request.POST if request.method == "POST" else None,
            initial={"username": person.suggested_username(), "email": person.email},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                user = person.create_member_account(
                    data["username"], data["email"], data["password1"] or None
                )
            except AlreadyLinked:
                return redirect(request.path)  # a second click: the page above says so
            except IntegrityError:
                form.add_error(
                    "username", gettext("There is already an account with that username.")
                )
            else:
                self.log_change(request, person, gettext("Created the member account %s.") % user)
                self.message_user(request, self._account_message(person, user, data))
                return redirect(change_page)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("A member account for %(person)s") % {"person": person.label},
            "person": person,
            "form": form,
            "opts": self.opts,
            "change_page": change_page,
        }
        return TemplateResponse(request, "admin/people/person/member_account.html", context)

    @staticmethod
    def _account_message(person: Person, user, data: dict) -> str:
        done = gettext("%(person)s now signs in as “%(username)s”, as a member.") % {
            "person": person.label,
            "username": user.get_username(),
        }
        if data["password1"]:
            return done + " " + gettext("Give them the password you chose.")
        return (
            done
            + " "
            + _(
                "They choose their password with “Forgot your password?” on the sign-in page, "
                "giving %(email)s."
            )
            % {"email": data["email"]}
        )

    @admin.display(boolean=True, description=_("calendar feed"))
    def has_calendar_feed(self, person: Person) -> bool:
        return person.calendar_token is not None

    @admin.action(description=_("Switch off their calendar feeds"))
    def switch_off_calendar_feeds(self, request: HttpRequest, people: QuerySet[Person]) -> None:
        for person in people.exclude(calendar_token=None):
            person.revoke_calendar_token()
        self.message_user(request, _("Their calendar feed addresses no longer work."))

    @admin.action(description=_("Revoke the links in the emails sent to them"))
    def revoke_email_links(self, request: HttpRequest, people: QuerySet[Person]) -> None:
        for person in people:
            person.revoke_email_links()
        self.message_user(
            request, _("The unsubscribe links in the emails sent to them no longer work.")
        )


class UnsettledFilter(admin.SimpleListFilter):
    """Finds the rows whose name the report left ambiguous, for staff to settle."""

    title = _("identity")
    parameter_name = "identity"
    mention_field: str  # the related name of the mentions to look in, set by each subclass

    def lookups(self, request, model_admin):
        return [("unsettled", _("Name fits several people")), ("settled", _("Settled"))]

    def queryset(self, request, queryset):
        field = self.mention_field
        if self.value() == "unsettled":
            return queryset.filter(**{f"{field}__person__isnull": True, f"{field}__isnull": False})
        if self.value() == "settled":
            return queryset.exclude(**{f"{field}__person__isnull": True, f"{field}__isnull": False})
        return queryset


class MentionInline(admin.TabularInline):
    fields = ["position", "written_as", "person", "candidates"]
    autocomplete_fields = ["person", "candidates"]
    extra = 0

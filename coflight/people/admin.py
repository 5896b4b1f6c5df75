from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["given_name", "family_name", "organisation", "user", "email", "email_opt_out"]
    list_filter = ["organisation", "email_opt_out"]
    search_fields = ["given_name", "family_name", "organisation__name", "email"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]
    readonly_fields = ["has_calendar_feed"]
    actions = ["switch_off_calendar_feeds", "revoke_email_links"]

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

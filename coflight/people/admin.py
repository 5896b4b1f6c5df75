from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["given_name", "family_name", "organisation", "user", "email", "email_opt_out"]
    list_filter = ["organisation", "email_opt_out"]
    search_fields = ["given_name", "family_name", "organisation__name", "email"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]


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

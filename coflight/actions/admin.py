from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from coflight.meetings.models import AgendaItem
from coflight.people.admin import MentionInline, UnsettledFilter

from .models import Action, Ownership


class OwnershipInline(MentionInline):
    model = Ownership
    fields = [*MentionInline.fields, "is_lead"]


class UnsettledOwnerFilter(UnsettledFilter):
    mention_field = "ownerships"


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "position", "status", "due_date", "due_meeting"]
    history_list_display = ["status", "closing_note", "due_date", "due_meeting"]
    list_filter = ["status", UnsettledOwnerFilter, "meeting"]
    search_fields = ["text", "ownerships__written_as"]
    list_select_related = ["meeting", "due_meeting"]
    autocomplete_fields = ["meeting", "due_meeting"]
    inlines = [OwnershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            kwargs["queryset"] = AgendaItem.objects.select_related("meeting", "parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

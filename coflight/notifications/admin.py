from django.contrib import admin

from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, to see what was sent and what failed; emails are written by coflight only."""

    list_display = ["subject", "person", "kind", "status", "created_at", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "person__given_name", "person__family_name", "sent_to"]
    list_select_related = ["person"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

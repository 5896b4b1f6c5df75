from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "agreed_by", "meeting", "agenda_item"]
    list_select_related = ["meeting", "agenda_item__parent"]
    search_fields = ["text", "agreed_by"]
    autocomplete_fields = ["meeting", "people"]
    raw_id_fields = ["agenda_item"]

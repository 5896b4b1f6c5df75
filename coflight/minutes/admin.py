from django.contrib import admin

from .models import RememberedName


@admin.register(RememberedName)
class RememberedNameAdmin(admin.ModelAdmin):
    """Staff correct or forget who a name of a series' minutes is taken to be."""

    list_display = ["written", "person", "series", "settled_at"]
    list_select_related = ["person", "series"]
    list_filter = ["series"]
    search_fields = ["written", "person__given_name", "person__family_name"]
    autocomplete_fields = ["person", "series"]

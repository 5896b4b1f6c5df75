from typing import Any

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from coflight.people.admin import MentionInline, UnsettledFilter

from .models import AgendaItem, Attendance, Material, Meeting, Presentation, Project, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    ordering = ["name"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["position", "person", "organisation"]
    autocomplete_fields = ["person", "organisation"]
    extra = 1


# Links pasted without a scheme are taken as https, as Django 6 will do.
URL_AS_HTTPS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class MaterialInline(admin.TabularInline):
    model = Material
    formfield_overrides = URL_AS_HTTPS
    fields = ["title", "url", "agenda_item"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            kwargs["queryset"] = AgendaItem.objects.select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["title", "date", "kind", "series", "number"]
    list_filter = ["kind", "series"]
    search_fields = ["title", "venue"]
    date_hierarchy = "date"
    list_select_related = ["series"]
    autocomplete_fields = ["series", "projects", "next_meeting"]
    inlines = [AttendanceInline, MaterialInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", ("series", "number")]}),
        (_("When"), {"fields": ["date", ("starts_at", "ends_at")]}),
        (_("Where"), {"fields": ["venue", "address", "room", "dial_in"]}),
        (
            _("Report"),
            {
                "fields": [
                    "summary",
                    "projects",
                    "next_meeting",
                    "source_url",
                    "source_dated",
                    "source_text",
                ]
            },
        ),
    ]


class PresentationInline(MentionInline):
    model = Presentation


class UnsettledPresenterFilter(UnsettledFilter):
    mention_field = "presentations"


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = [UnsettledPresenterFilter, "meeting"]
    search_fields = ["title", "minutes"]
    list_select_related = ["meeting", "parent"]
    autocomplete_fields = ["meeting"]
    inlines = [PresentationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = AgendaItem.objects.filter(parent=None).select_related("meeting")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

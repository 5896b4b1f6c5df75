from typing import Any

from django import forms
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


class AttendanceForm(forms.ModelForm):
    """An attendee added by hand is named as their person is, for the organisation they belong
    to, unless staff say otherwise; the page would otherwise say "Organisation not stated"."""

    class Meta:
        model = Attendance
        fields = ["position", "written_as", "person", "candidates", "organisation"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_as"].required = False
        self.fields["written_as"].help_text = _("Leave it empty to use the person's name.")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        person = data.get("person")
        if person is not None:
            data["written_as"] = data.get("written_as") or person.name
            data["organisation"] = data.get("organisation") or person.organisation
        elif not data.get("written_as") and not data.get("DELETE"):
            raise forms.ValidationError(_("Choose the person, or write the name the report uses."))
        return data


class AttendanceInline(MentionInline):
    model = Attendance
    form = AttendanceForm
    fields = [*MentionInline.fields, "organisation"]
    autocomplete_fields = [*MentionInline.autocomplete_fields, "organisation"]
    extra = 1


def agenda_item_label(item: AgendaItem) -> str:
    return f"{item.meeting.title}, {item.meeting.date:%Y-%m-%d} · {item}"


def agenda_items_of(field, meeting: Meeting | None) -> None:
    """An agenda item select lists the items of the meeting at hand (none for a meeting not yet
    saved), each named with its meeting."""
    items = AgendaItem.objects.select_related("meeting", "parent")
    field.queryset = items.filter(meeting=meeting) if meeting and meeting.pk else items.none()
    field.label_from_instance = agenda_item_label


# Links pasted without a scheme are taken as https, as Django 6 will do.
URL_AS_HTTPS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class MaterialInline(admin.TabularInline):
    model = Material
    formfield_overrides = URL_AS_HTTPS
    fields = ["title", "url", "agenda_item"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new meeting has no items yet; an existing one offers only its own.
        agenda_items_of(formset.form.base_fields["agenda_item"], obj)
        return formset


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
        (_("When"), {"fields": [("date", "last_day"), ("starts_at", "ends_at")]}),
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

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coflight.meetings.admin import agenda_items_of
from coflight.people.admin import MentionInline, UnsettledFilter

from .models import Action, Ownership


class OwnershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        leads = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_lead") and not form.cleaned_data.get("DELETE")
        ]
        if len(leads) > 1:
            raise ValidationError(_("Only one owner can lead an action."))

    def save(self, commit: bool = True) -> list:
        """Saves the owners as they were led, then moves the lead with Action.set_lead, so the
        history records it and the one-lead constraint never sees two at once."""
        action = self.instance
        current = action.ownerships.filter(is_lead=True).first()
        chosen = next(
            (
                form.instance
                for form in self.forms
                if form.cleaned_data.get("is_lead") and not form.cleaned_data.get("DELETE")
            ),
            None,
        )
        instances = super().save(commit=False)
        for ownership in self.deleted_objects:
            ownership.delete()
        for ownership in instances:
            ownership.is_lead = current is not None and ownership.pk == current.pk
            ownership.save()
        self.save_m2m()
        if (chosen and chosen.pk) != (current and current.pk):
            action.set_lead(chosen)
        return instances


class OwnershipInline(MentionInline):
    model = Ownership
    formset = OwnershipFormSet
    fields = [*MentionInline.fields, "acting_for", "is_lead"]


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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "agenda_item" in form.base_fields:
            # The items of the action's own meeting; a new action's meeting is not known yet.
            agenda_items_of(form.base_fields["agenda_item"], obj.meeting if obj else None)
        return form

from django import forms
from django.utils.translation import gettext_lazy as _

from coflight.meetings.models import Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

from .models import Action, ActionQuerySet


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation_id else obj.name


class ActionFilterForm(forms.Form):
    """The action list's filters. They live in the URL, so every value is untrusted."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Not closed")), *Action.Status.choices],
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        required=False,
        queryset=Person.objects.with_organisation(),
        empty_label=_("Anyone"),
        error_messages={"invalid_choice": _("There is no person with that id.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        empty_label=_("Any organisation"),
        error_messages={"invalid_choice": _("There is no organisation with that id.")},
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        required=False,
        queryset=Meeting.objects.only("title", "date"),
        empty_label=_("Any meeting"),
        error_messages={"invalid_choice": _("There is no meeting with that id.")},
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filter(self, actions: ActionQuerySet) -> ActionQuerySet:
        data = self.cleaned_data
        if data["status"] == "open":
            actions = actions.open()
        elif data["status"]:
            actions = actions.filter(status=data["status"])
        if data["owner"]:
            actions = actions.owned_by(data["owner"])
        if data["organisation"]:
            actions = actions.of_organisation(data["organisation"])
        if data["meeting"]:
            actions = actions.filter(meeting=data["meeting"])
        if data["overdue"]:
            actions = actions.overdue()
        return actions

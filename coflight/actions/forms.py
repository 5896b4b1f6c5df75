from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coflight.dates import validate_plausible
from coflight.meetings.models import Meeting
from coflight.organisations.models import Organisation
from coflight.people.models import Person

from .models import Action, ActionQuerySet, Ownership


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.label


class ActionFilterForm(forms.Form):
    """The action list's filters. They live in the URL, so every value is untrusted."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("not_closed", _("Not closed")), *Action.Status.choices],
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

    # A select of 20,000 people helps nobody and weighs a megabyte: past this many, a list
    # offers its first entries (the latest meetings), plus the one chosen.
    CHOICE_LIMIT = 200

    def limit_choices(self) -> None:
        """Render each list with at most CHOICE_LIMIT entries; validation still knows them all."""
        chosen = self.cleaned_data if self.is_bound and not self.errors else {}
        for name in ("owner", "organisation", "meeting"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            assert field.queryset is not None
            shown = list(field.queryset[: self.CHOICE_LIMIT + 1])
            if len(shown) > self.CHOICE_LIMIT:
                shown = shown[: self.CHOICE_LIMIT]
                if chosen.get(name) is not None and chosen[name] not in shown:
                    shown.insert(0, chosen[name])
                field.help_text = self.LIMITED_HELP[name] % {"count": self.CHOICE_LIMIT}
                self[name].help_text = field.help_text
            field.widget.choices = [
                ("", field.empty_label),
                *((obj.pk, field.label_from_instance(obj)) for obj in shown),
            ]

    LIMITED_HELP = {
        "owner": _(
            "Lists the first %(count)d people; for anyone else, find them with the search "
            "and follow “their actions” from their page."
        ),
        "organisation": _(
            "Lists the first %(count)d organisations; for another, follow “Filter these in the "
            "action list” from its page."
        ),
        "meeting": _("Lists the latest %(count)d meetings; for an older one, use its page."),
    }

    def filter(self, actions: ActionQuerySet) -> ActionQuerySet:
        data = self.cleaned_data
        if data["status"] == "not_closed":
            actions = actions.open()
        elif data["status"]:
            actions = actions.filter(status=data["status"])
        if data["owner"]:
            actions = actions.concerning(data["owner"])
        if data["organisation"]:
            actions = actions.of_organisation(data["organisation"])
        if data["meeting"]:
            actions = actions.filter(meeting=data["meeting"])
        if data["overdue"]:
            actions = actions.overdue()
        return actions


class ActionEditForm(forms.Form):
    """An edit of one action, made from the version of it the user was looking at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The panel of the card the form sits in, open again on the card that answers it.
    panel = ""

    def __init__(self, *args, action: Action, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action

    def apply(self, action: Action) -> str:
        raise NotImplementedError

    def describe(self) -> str:
        """What the user asked for, in words, for when it cannot be applied."""
        raise NotImplementedError


class StatusForm(ActionEditForm):
    panel = "status"

    status = forms.ChoiceField(label=_("New status"), choices=Action.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional; kept when the action is done or dropped."),
    )

    def apply(self, action: Action) -> str:
        return action.set_status(self.cleaned_data["status"], self.cleaned_data["note"])

    def describe(self) -> str:
        status = Action.Status(self.cleaned_data["status"]).label
        if self.cleaned_data["note"]:
            return _("status to “%(status)s”, with the note “%(note)s”") % {
                "status": status,
                "note": self.cleaned_data["note"],
            }
        return _("status to “%(status)s”") % {"status": status}


class DueForm(ActionEditForm):
    panel = "due"

    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible],
    )
    due_meeting = forms.ModelChoiceField(
        label=_("Due at meeting"),
        required=False,
        queryset=Meeting.objects.only("title", "date"),
        error_messages={"invalid_choice": _("There is no meeting with that id.")},
    )

    def apply(self, action: Action) -> str:
        return action.set_due(self.cleaned_data["due_date"], self.cleaned_data["due_meeting"])

    def describe(self) -> str:
        meeting, date = self.cleaned_data["due_meeting"], self.cleaned_data["due_date"]
        parts = [str(meeting)] if meeting else []
        parts += [date.isoformat()] if date else []
        return _("due to “%(due)s”") % {"due": ", ".join(parts) or _("no due date")}


class TextForm(ActionEditForm):
    panel = "text"

    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea)

    def apply(self, action: Action) -> str:
        return action.set_text(self.cleaned_data["text"])

    def describe(self) -> str:
        return _("text to “%(text)s”") % {"text": self.cleaned_data["text"]}


class AddOwnerForm(ActionEditForm):
    panel = "owners"

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.with_organisation(),
        error_messages={
            "required": _("Choose a person to add."),
            "invalid_choice": _("There is no person with that id."),
        },
    )
    lead = forms.BooleanField(label=_("as lead"), required=False)

    def apply(self, action: Action) -> str:
        return action.add_owner(self.cleaned_data["person"], lead=self.cleaned_data["lead"])

    def describe(self) -> str:
        template = _("add %(name)s as lead") if self.cleaned_data["lead"] else _("add %(name)s")
        return template % {"name": self.cleaned_data["person"].name}


class OwnershipForm(ActionEditForm):
    panel = "owners"

    ownership = forms.ModelChoiceField(
        queryset=Ownership.objects.none(),
        error_messages={"invalid_choice": _("That person is no longer an owner of this action.")},
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:
        super().__init__(*args, action=action, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["ownership"])
        field.queryset = action.ownerships.select_related("person")

    def _name(self) -> str:
        return self.cleaned_data["ownership"].display_name


class RemoveOwnerForm(OwnershipForm):
    def apply(self, action: Action) -> str:
        return action.remove_owner(self.cleaned_data["ownership"])

    def describe(self) -> str:
        return _("remove %(name)s") % {"name": self._name()}


class LeadForm(OwnershipForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ownership"].required = False

    def apply(self, action: Action) -> str:
        return action.set_lead(self.cleaned_data["ownership"])

    def describe(self) -> str:
        if self.cleaned_data["ownership"] is None:
            return str(_("leave the action without a lead"))
        return _("make %(name)s the lead") % {"name": self._name()}

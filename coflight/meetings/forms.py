from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coflight.dates import on_day
from coflight.people.models import Person

from .models import AgendaItem, Meeting, Series


class MeetingForm(forms.ModelForm):
    """A meeting as a secretary plans it: its day, and its times on that day in Paris."""

    series_name = forms.CharField(
        label=_("Series"),
        max_length=200,
        required=False,
        help_text=_("Meetings of one series follow each other: “Weekly call”."),
    )
    starts = forms.TimeField(label=_("Starts at"), required=False, help_text=_("Paris time."))
    ends = forms.TimeField(label=_("Ends at"), required=False, help_text=_("Paris time."))

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "series_name",
            "number",
            "date",
            "starts",
            "ends",
            "venue",
            "address",
            "room",
            "dial_in",
            "summary",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.instance
        self.fields["starts"].widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        self.fields["ends"].widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        if meeting.pk:
            self.initial.setdefault("series_name", meeting.series.name if meeting.series else "")
            for name, moment in (("starts", meeting.starts_at), ("ends", meeting.ends_at)):
                if moment:
                    self.initial.setdefault(name, timezone.localtime(moment).time())

    def clean(self) -> dict:
        data = super().clean() or {}
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if ends and not starts:
            self.add_error("ends", _("Give the start too: an end alone says little."))
        elif starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        meeting = self.instance
        meeting.starts_at = on_day(day, starts) if day else None
        meeting.ends_at = on_day(day, ends) if day and starts else None
        name = (data.get("series_name") or "").strip()
        meeting.series = Series.objects.filter(name=name).first() if name else None
        self._new_series = name if name and meeting.series is None else ""
        number = data.get("number")
        if meeting.series and number is not None:
            taken = Meeting.objects.filter(series=meeting.series, number=number)
            if taken.exclude(pk=meeting.pk).exists():
                self.add_error(
                    "number", _("Another meeting of this series already has this number.")
                )
        return data

    def save(self, commit: bool = True) -> Meeting:
        if self._new_series:
            self.instance.series = Series.objects.get_or_create(name=self._new_series)[0]
        return super().save(commit)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "duration", "recurring"]
        widgets = {"duration": forms.NumberInput(attrs={"min": 1, "max": 1440})}


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.number}) {obj.title}"


class NewAgendaItemForm(AgendaItemForm):
    parent = AgendaItemChoiceField(
        label=_("Under the item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("— at the top level —"),
    )

    class Meta(AgendaItemForm.Meta):
        fields = ["title", "parent", "duration", "recurring"]

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        parent = self.fields["parent"]
        assert isinstance(parent, AgendaItemChoiceField)
        parent.queryset = meeting.agenda_items.filter(parent=None)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Up")), ("down", _("Down")), ("in", _("In")), ("out", _("Out"))]
    )


class PersonField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(queryset=Person.objects.with_organisation(), **kwargs)


class RollCallForm(forms.Form):
    person = PersonField(label=_("Person"))
    presence = forms.ChoiceField(
        label=_("At the meeting"),
        choices=[
            ("present", _("Present")),
            ("excused", _("Excused (apologies)")),
            ("absent", _("Absent")),
        ],
    )
    arrived = forms.TimeField(label=_("Arrived at"), required=False)
    left = forms.TimeField(label=_("Left at"), required=False)


class InviteForm(forms.Form):
    person = PersonField(label=_("Person"))


class PresenterForm(forms.Form):
    """Adds `person` as a presenter, or takes off the presenter `remove`."""

    person = PersonField(label=_("Person"), required=False)
    remove = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not self.errors and (data.get("person") is None) == (data.get("remove") is None):
            raise forms.ValidationError(_("Choose a person to add, or a presenter to remove."))
        return data


class MaterialForm(forms.Form):
    """Adds a link to the slides or documents of an item, or takes off the material `remove`."""

    title = forms.CharField(label=_("Material"), max_length=300, required=False)
    url = forms.URLField(label=_("Link"), max_length=200, required=False, assume_scheme="https")
    remove = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if self.errors or data.get("remove") is not None:
            return data
        if not data.get("title"):
            raise forms.ValidationError(_("Name the material, such as “Slides”."))
        return data

from django import forms
from django.utils.translation import gettext_lazy as _


class EmailPreferencesForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "aria-describedby": "email-help"}),
        help_text=_("Leave it empty to receive nothing. Only you and staff can see it."),
        error_messages={"invalid": _("That is not an email address, e.g. ann@example.org.")},
    )
    email_opt_out = forms.BooleanField(
        label=_("Send me no email at all: no new actions, no reminders, no minutes"),
        required=False,
    )

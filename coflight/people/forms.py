from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
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


class MemberAccountForm(forms.Form):
    """A member's account made from their person page in the admin, in one screen."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What they type to sign in: letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(
        label=_("Email address of the account"),
        required=False,
        help_text=_("Where “Forgot your password?” sends them a link to choose one."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave both empty to let them choose their own through “Forgot your password?”."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("There is already an account with that username."))
        return username

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        elif not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                _("Give an email address or a password: without either they cannot sign in."),
            )
        return cleaned

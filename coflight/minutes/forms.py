from django import forms
from django.utils.translation import gettext_lazy as _

from .parser import MAX_BYTES, MinutesError, decode


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the minutes"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    file = forms.FileField(
        label=_("or upload a text or Markdown file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,text/plain"}),
    )
    replace = forms.BooleanField(label=_("Replace the meeting already in coflight"), required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        upload, text = data.get("file"), data.get("text") or ""
        self.notices: list[str] = []
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    _(
                        "The file is too large (%(size).1f MB); coflight reads minutes of up to "
                        "%(max)d MB."
                    )
                    % {"size": upload.size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}
                )
            try:
                text, self.notices = decode(upload.read())
            except MinutesError as error:
                raise forms.ValidationError(str(error)) from error
        elif len(text.encode("utf-8")) > MAX_BYTES:
            raise forms.ValidationError(
                _("The text is too long; coflight reads minutes of up to %(max)d MB.")
                % {"max": MAX_BYTES // 1024 // 1024}
            )
        if not text.strip():
            raise forms.ValidationError(_("Paste the minutes, or choose a file to upload."))
        data["text"] = text
        return data


class AmendForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=500,
        help_text=_("Shown with the amendment to everyone who reads the minutes."),
    )

    def clean_minutes(self) -> str:
        return self.cleaned_data["minutes"].replace("\x00", "").replace("\r\n", "\n")

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from .models import OutgoingEmail
from .outbox import after_response, deliver


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, done once the answer has gone out, its email in the outbox.

    Done in the request, it answered a known address in 10 ms and an unknown one in 6 ms, which
    told anyone which addresses have an account. Now both take the same path: the form is
    checked and the request answered; only then are the accounts looked up and the email
    written and sent (or kept for the next `send_notifications` if the mail server is down).
    """

    def save(self, **kwargs) -> None:  # type: ignore[override]
        reset = super().save
        after_response(lambda: reset(**kwargs))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        html = ""
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
        email = OutgoingEmail.objects.create(
            kind=OutgoingEmail.Kind.PASSWORD_RESET,
            person=getattr(context["user"], "person", None),
            to_address=to_email,
            subject=subject[:300],
            text=loader.render_to_string(email_template_name, context),
            html=html,
        )
        deliver(OutgoingEmail.objects.filter(pk=email.pk))

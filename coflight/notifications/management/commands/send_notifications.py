from django.core.management import BaseCommand
from django.utils.translation import gettext as _

from coflight.notifications import emails, outbox


class Command(BaseCommand):
    help = _(
        "Emails new owners about their actions once the changes have settled, and retries "
        "emails that failed. Run it every few minutes."
    )

    def handle(self, *args, **options) -> None:
        assignments = emails.flush_assignments()
        delivery = outbox.deliver()
        self.stdout.write(report(assignments=assignments, delivery=delivery))


def report(*, delivery: outbox.Delivery, assignments: int, reminders: int | None = None) -> str:
    parts = [_("%(count)d new-action emails queued") % {"count": assignments}]
    if reminders is not None:
        parts.append(_("%(count)d reminders queued") % {"count": reminders})
    parts.append(
        _("%(sent)d sent, %(failed)d failed (to be retried), %(cancelled)d no longer wanted")
        % {"sent": delivery.sent, "failed": delivery.failed, "cancelled": delivery.cancelled}
    )
    return "; ".join(parts) + "."

from django.core.management import BaseCommand
from django.utils.translation import gettext as _

from coflight.notifications import emails, outbox

from .send_notifications import report


class Command(BaseCommand):
    help = _(
        "Sends each person one digest of their open actions that are overdue or due within "
        "the next days, at most once a day; also sends what send_notifications would. "
        "Run it daily."
    )

    def handle(self, *args, **options) -> None:
        assignments = emails.flush_assignments()
        reminders = emails.queue_reminders()
        delivery = outbox.deliver()
        self.stdout.write(report(assignments=assignments, reminders=reminders, delivery=delivery))

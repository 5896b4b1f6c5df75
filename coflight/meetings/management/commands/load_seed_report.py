from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.translation import gettext as _

from coflight.actions.history import FROM_REPORT
from coflight.actions.models import Action, Ownership
from coflight.meetings.models import Meeting
from coflight.pagecache.models import Revision

FIXTURE = "compatibleone-2013-05-16"


class Command(BaseCommand):
    help = _("Loads the 16 May 2013 CompatibleOne report, unless it is already there.")

    def handle(self, *args, **options) -> None:
        # loaddata alone would not duplicate the report, but it would put back every action
        # as the report left it, undoing what people have done since.
        if Meeting.objects.filter(date="2013-05-16", title__startswith="CompatibleOne").exists():
            self.stdout.write(_("The 16 May 2013 report is already loaded; left as it is."))
            return
        with transaction.atomic():
            call_command("loaddata", FIXTURE, verbosity=0)
            # Fixtures load without history; start each action's history where the report does.
            for model in (Action, Ownership):
                model.history.bulk_history_create(
                    list(model.objects.all()), default_change_reason=FROM_REPORT
                )
            Revision.bump()
        self.stdout.write(self.style.SUCCESS(_("Loaded the 16 May 2013 report.")))

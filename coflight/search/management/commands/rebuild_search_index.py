from django.core.management import BaseCommand
from django.utils.translation import gettext as _

from coflight.search.index import rebuild


class Command(BaseCommand):
    help = _("Indexes every meeting, agenda item, action, person and organisation again.")

    def handle(self, *args, **options) -> None:
        self.stdout.write(_("Indexed %(count)d entries.") % {"count": rebuild()})

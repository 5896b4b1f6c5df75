from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coflight.backups.services import BackupError, restore


class Command(BaseCommand):
    help = _(
        "Loads a backup made by the backup command into an empty, migrated database, all or "
        "nothing, and rebuilds the search index."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("the backup to load"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("empty a database that already holds data before loading the backup"),
        )

    def handle(self, *args, file: str, replace: bool, **options) -> None:
        try:
            count = restore(Path(file), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(count)d records from %(file)s; the search index is rebuilt.")
                % {"count": count, "file": file}
            )
        )

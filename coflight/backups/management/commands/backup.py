from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coflight.backups.services import BackupError, backup


class Command(BaseCommand):
    help = _(
        "Writes everything coflight keeps to FILE (NAME.json, or NAME.json.gz to compress it), "
        "for the restore command."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("where to write the backup"))

    def handle(self, *args, file: str, **options) -> None:
        try:
            count = backup(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up %(count)d records to %(file)s.") % {"count": count, "file": file}
            )
        )

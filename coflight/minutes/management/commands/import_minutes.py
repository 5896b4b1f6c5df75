from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coflight.minutes.parser import MinutesError, decode, parse
from coflight.minutes.services import import_plan, import_save


class Command(BaseCommand):
    help = _(
        "Reads meeting minutes from a text or Markdown file, says what it understood, saves it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Say, but save nothing."))
        parser.add_argument(
            "--replace", action="store_true", help=_("Replace the meeting if it is already there.")
        )

    def handle(self, *args, file: Path, dry_run: bool, replace: bool, **options) -> None:
        try:
            text, _notices = decode(file.read_bytes())
            plan = import_plan(parse(text))
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except MinutesError as error:
            raise CommandError(str(error)) from error
        self._describe(plan)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        try:
            meeting = import_save(plan.report, replace=replace)
        except MinutesError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Saved as meeting %(pk)d: %(url)s")
                % {"pk": meeting.pk, "url": meeting.get_absolute_url()}
            )
        )

    def _describe(self, plan) -> None:
        report = plan.report
        write = self.stdout.write
        write(f"{report.title} — {report.date.isoformat()}")
        if report.starts_at:
            write(
                _("Time: %(start)s–%(end)s")
                % {
                    "start": report.starts_at.strftime("%H:%M"),
                    "end": report.ends_at.strftime("%H:%M") if report.ends_at else "?",
                }
            )
        if report.venue:
            write(
                _("Place: %(place)s")
                % {"place": ", ".join(p for p in (report.venue, report.address, report.room) if p)}
            )
        new = sum(1 for _o, m in plan.attendees if m.person and m.person.is_new)
        write(
            _("Attendees: %(count)d (%(new)d new to coflight)")
            % {"count": len(plan.attendees), "new": new}
        )
        write(_("Agenda items: %(count)d") % {"count": len(report.items)})
        for number, (action, owners) in enumerate(zip(report.actions, plan.owners, strict=True), 1):
            names = (
                ", ".join(
                    (m.person.name if m.person else f"{m.written}?") + (" (lead)" if m.lead else "")
                    for m in owners
                )
                or "—"
            )
            write(f"  {number}. {action.text}  [{names}]")
        if plan.existing_meeting:
            write(
                _("This meeting is already in coflight (meeting %(pk)d).")
                % {"pk": plan.existing_meeting.pk}
            )
        for choice in plan.choices:
            write(
                _("To settle: “%(name)s”, %(context)s, could be: %(options)s")
                % {
                    "name": choice.written,
                    "context": choice.context,
                    "options": "; ".join(label for _v, label in choice.options[1:-1]),
                }
            )
        for warning in plan.warnings:
            write(_("Warning: %(warning)s") % {"warning": warning})

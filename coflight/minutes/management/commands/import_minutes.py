import json
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from coflight.minutes.dry_run import plan_as_data
from coflight.minutes.parser import MinutesError, decode, meetings_in, parse
from coflight.minutes.services import (
    DATE,
    SERIES,
    TITLE,
    import_archive,
    import_plan,
    import_save,
)


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
        parser.add_argument(
            "--date", default="", help=_("The meeting's date (2013-05-16), if the minutes omit it.")
        )
        parser.add_argument("--title", default="", help=_("The meeting's title, if not written."))
        parser.add_argument("--series", default="", help=_("The series the meeting belongs to."))
        parser.add_argument(
            "--split",
            action="store_true",
            help=_("A file of several meetings, one dated heading each: save each on its own."),
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help=_("How a dry run says what would be saved."),
        )

    def handle(self, *args, file: Path, dry_run: bool, replace: bool, **options) -> None:
        answers = {DATE: options["date"], TITLE: options["title"], SERIES: options["series"]}
        try:
            text, _notices = decode(file.read_bytes())
            plan = import_plan(parse(text), answers)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except MinutesError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            if not dry_run:
                raise CommandError(_("--format json describes a dry run: add --dry-run."))
            self.stdout.write(json.dumps(plan_as_data(plan), ensure_ascii=False, indent=2))
            return
        self._describe(plan)
        parts = meetings_in(text)
        if parts:
            self.stdout.write(
                _("This file holds the minutes of %(count)d meetings: %(days)s.")
                % {"count": len(parts), "days": ", ".join(p.date.isoformat() for p in parts)}
                + ("" if options["split"] else " " + _("Add --split to save each on its own."))
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        if options["split"] and parts:
            try:
                meetings = import_archive(text, answers, replace=replace)
            except MinutesError as error:
                raise CommandError(str(error)) from error
            for meeting in meetings:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Saved as meeting %(pk)d: %(url)s")
                        % {"pk": meeting.pk, "url": meeting.get_absolute_url()}
                    )
                )
            return
        try:
            meeting = import_save(plan.report, answers, replace=replace)
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
        write(
            f"{report.title or _('(no title)')} — "
            f"{report.date.isoformat() if report.date else _('(no date)')}"
        )
        if report.starts_at:
            write(
                _("Time: %(start)s–%(end)s")
                % {
                    "start": time_format(report.starts_at, "TIME_FORMAT"),
                    "end": time_format(report.ends_at, "TIME_FORMAT") if report.ends_at else "?",
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
        write(
            _("Found %(actions)d actions, %(attendees)d attendees and %(decisions)d decisions.")
            % {
                "actions": len(report.actions),
                "attendees": len(plan.attendees),
                "decisions": len(report.decisions),
            }
        )
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
        for question in plan.questions:
            option = f"--{question.key.removeprefix('meeting-')}"
            write(
                _("To give: %(question)s (%(option)s).")
                % {"question": question.error or question.label, "option": option}
            )
        for warning in plan.warnings:
            write(_("Warning: %(warning)s") % {"warning": warning})

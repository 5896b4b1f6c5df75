"""Turns parsed minutes into coflight's meetings, people and actions, all or nothing.

`import_plan` decides, without writing anything, who each name is (an existing person, a new one,
or a doubt for the importer to settle) and what to warn about; `import_save` writes the plan in one
transaction.
"""

import dataclasses
import datetime

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from coflight.actions.history import FROM_REPORT
from coflight.actions.models import Action, Ownership
from coflight.meetings.models import (
    AgendaItem,
    Attendance,
    Material,
    Meeting,
    Presentation,
    Project,
    Series,
)
from coflight.organisations.models import Organisation
from coflight.people.models import Person

from .parser import FollowUp, MinutesError, ParsedReport

NEW = "new"
UNSETTLED = ""


@dataclasses.dataclass
class PlannedPerson:
    """A person the import refers to: one already in coflight, or one it will create."""

    given_name: str
    family_name: str = ""
    organisation: str = ""
    existing: Person | None = None
    created: Person | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_new(self) -> bool:
        return self.existing is None


@dataclasses.dataclass
class Choice:
    """A name the report leaves open, and what the importer may make of it."""

    key: str
    written: str
    context: str
    options: list[tuple[str, str]]
    selected: str


@dataclasses.dataclass
class Mention:
    written: str
    person: PlannedPerson | None
    candidates: list[PlannedPerson]
    lead: bool = False


@dataclasses.dataclass
class ImportPlan:
    report: ParsedReport
    attendees: list[tuple[str, PlannedPerson]]
    presenters: dict[str, list[Mention]]
    owners: list[list[Mention]]
    choices: list[Choice]
    warnings: list[str]
    existing_meeting: Meeting | None


def _split(name: str) -> tuple[str, str]:
    given, _space, family = name.strip().partition(" ")
    return given, family.strip()


def import_plan(report: ParsedReport, resolutions: dict[str, str] | None = None) -> ImportPlan:
    resolutions = resolutions or {}
    warnings = list(report.notices)
    choices: list[Choice] = []
    everyone = list(Person.objects.select_related("organisation"))

    def existing_named(given: str, family: str = "", organisation: str | None = None):
        return [
            p
            for p in everyone
            if p.given_name.casefold() == given.casefold()
            and (not family or p.family_name.casefold() in ("", family.casefold()))
            and (
                organisation is None
                or (p.organisation.name.casefold() if p.organisation else "")
                == organisation.casefold()
            )
        ]

    # Attendees: each listed name is someone at the meeting, matched to people already known.
    attendees: list[tuple[str, PlannedPerson]] = []
    used: set[int] = set()
    for organisation, names in report.attendees:
        for index, written in enumerate(names):
            given, family = _split(written)
            matches = [p for p in existing_named(given, family, organisation) if p.pk not in used]
            key = f"attendee-{len(attendees)}"
            if len(matches) > 1:
                options = [(str(p.pk), _describe(p)) for p in matches] + [(NEW, _("a new person"))]
                selected = resolutions.get(key, str(matches[0].pk))
                choices.append(
                    Choice(
                        key,
                        written,
                        _("attendee for %(org)s") % {"org": organisation or "—"},
                        options,
                        selected,
                    )
                )
                chosen = next((p for p in matches if str(p.pk) == selected), None)
            else:
                chosen = matches[0] if matches else None
                if chosen and resolutions.get(key) == NEW:
                    chosen = None
            if chosen:
                used.add(chosen.pk)
                planned = PlannedPerson(
                    chosen.given_name, chosen.family_name, organisation, existing=chosen
                )
            else:
                planned = PlannedPerson(given, family, organisation)
            attendees.append((organisation, planned))
            del index

    def at_meeting(given: str) -> list[PlannedPerson]:
        return [p for _o, p in attendees if p.given_name.casefold() == given.casefold()]

    new_absentees: dict[str, PlannedPerson] = {}

    def mention(written: str, key: str, context: str, *, lead: bool = False) -> Mention:
        given, family = _split(written)
        candidates = at_meeting(given)
        absent = False
        if not candidates:
            absent = True
            candidates = [
                PlannedPerson(
                    p.given_name,
                    p.family_name,
                    p.organisation.name if p.organisation else "",
                    existing=p,
                )
                for p in existing_named(given, family)
            ]
        if family:
            for candidate in candidates:
                if candidate.is_new and not candidate.family_name and len(candidates) == 1:
                    candidate.family_name = family
        if len(candidates) == 1 and resolutions.get(key) != NEW:
            found = Mention(written, candidates[0], [], lead)
        elif len(candidates) > 1:
            options = [(UNSETTLED, _("leave it open, to settle later"))]
            options += [(str(i), _planned_label(c)) for i, c in enumerate(candidates)]
            options += [(NEW, _("a new person"))]
            selected = resolutions.get(key, UNSETTLED)
            choices.append(Choice(key, written, context, options, selected))
            if selected.isdigit() and int(selected) < len(candidates):
                found = Mention(written, candidates[int(selected)], [], lead)
            elif selected == NEW:
                found = Mention(written, _new_absentee(new_absentees, given, family), [], lead)
            else:
                found = Mention(written, None, candidates, lead)
        else:
            found = Mention(written, _new_absentee(new_absentees, given, family), [], lead)
        if absent:
            who = found.person.name if found.person else written
            warnings.append(
                _("%(name)s (%(context)s) is not among the attendees.")
                % {"name": who, "context": context}
                + (
                    " " + _("A new person will be created.")
                    if found.person and found.person.is_new
                    else ""
                )
            )
        return found

    presenters = {
        item.number: [
            mention(
                name,
                f"presenter-{item.number}-{i}",
                _("presenter of item %(number)s") % {"number": item.number},
            )
            for i, name in enumerate(item.presenters)
        ]
        for item in report.items
    }
    owners = []
    for number, action in enumerate(report.actions, 1):
        context = _("owner of action %(number)d") % {"number": number}
        owners.append(
            [
                mention(o.name, f"owner-{number}-{i}", context, lead=o.lead)
                for i, o in enumerate(action.owners)
            ]
        )
        if sum(1 for o in action.owners if o.lead) > 1:
            warnings.append(
                _("Action %(number)d names several leads; only the first is kept.")
                % {"number": number}
            )
        if action.blank_owner_line:
            warnings.append(_("Action %(number)d: its owner line is blank.") % {"number": number})
        elif not action.owners:
            warnings.append(_("Action %(number)d names no owner.") % {"number": number})
        if action.due_phrase and not (action.due_meeting or action.due_date):
            warnings.append(
                _("Action %(number)d: “%(phrase)s” could not be placed on a date or a meeting.")
                % {"number": number, "phrase": action.due_phrase}
            )
    if report.not_understood:
        warnings.append(
            _("These lines were not understood and will not be imported: %(lines)s")
            % {"lines": " / ".join(f"“{line}”" for line in report.not_understood)}
        )
    existing = Meeting.objects.filter(date=report.date, title__iexact=report.title).first()
    return ImportPlan(report, attendees, presenters, owners, choices, warnings, existing)


def _new_absentee(cache: dict[str, PlannedPerson], given: str, family: str) -> PlannedPerson:
    key = f"{given} {family}".strip().casefold()
    if key not in cache:
        cache[key] = PlannedPerson(given, family)
    return cache[key]


def _describe(person: Person) -> str:
    org = person.organisation.name if person.organisation else _("no organisation")
    return f"{person.name} ({org}, #{person.pk})"


def _planned_label(person: PlannedPerson) -> str:
    if person.existing:
        return _describe(person.existing)
    return f"{person.name} ({person.organisation or _('no organisation')})"


@transaction.atomic
def import_save(plan: ImportPlan, *, replace: bool = False) -> Meeting:
    """Writes the plan; any failure leaves the database as it was."""
    report = plan.report
    if plan.existing_meeting:
        if not replace:
            raise MinutesError(
                _(
                    "“%(title)s” of %(date)s is already in coflight. Choose to replace it, "
                    "or leave it."
                )
                % {"title": report.title, "date": report.date.isoformat()}
            )
        try:
            plan.existing_meeting.delete()
        except ProtectedError as error:
            raise MinutesError(
                _(
                    "The meeting already in coflight cannot be replaced: actions of other meetings "
                    "are due at it."
                )
            ) from error

    organisations: dict[str, Organisation] = {}

    def organisation(name: str) -> Organisation | None:
        if not name:
            return None
        if name.casefold() not in organisations:
            found = Organisation.objects.filter(name__iexact=name).first()
            organisations[name.casefold()] = found or Organisation.objects.create(name=name)
        return organisations[name.casefold()]

    def person(planned: PlannedPerson) -> Person:
        if planned.existing:
            return planned.existing
        if planned.created is None:
            planned.created = Person.objects.create(
                given_name=planned.given_name[:100],
                family_name=planned.family_name[:100],
                organisation=organisation(planned.organisation),
            )
        return planned.created

    meetings: dict[tuple, Meeting] = {}

    def follow_up(spec: FollowUp) -> Meeting:
        if spec.key not in meetings:
            found = Meeting.objects.filter(date=spec.date, kind=spec.kind).first()
            meetings[spec.key] = found or Meeting.objects.create(
                title=spec.title[:300],
                kind=spec.kind,
                date=spec.date,
                starts_at=_aware(spec.date, spec.starts_at),
                dial_in=spec.dial_in[:300],
                series=Series.objects.get_or_create(name=spec.series)[0] if spec.series else None,
            )
        return meetings[spec.key]

    meeting = Meeting.objects.create(
        title=report.title[:300],
        kind=report.kind,
        series=Series.objects.get_or_create(name=report.series[:200])[0] if report.series else None,
        number=report.number,
        date=report.date,
        starts_at=_aware(report.date, report.starts_at),
        ends_at=_aware(report.date, report.ends_at) if report.starts_at else None,
        venue=report.venue[:200],
        address=report.address[:300],
        room=report.room[:100],
        dial_in=report.dial_in[:300],
        summary=report.summary,
        source_dated=report.source_dated,
        source_text=report.source_text,
    )
    meeting.projects.set(Project.objects.get_or_create(name=n[:200])[0] for n in report.projects)
    for position, (org_name, planned) in enumerate(plan.attendees, 1):
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person(planned),
            defaults={"organisation": organisation(org_name), "position": position},
        )
    for title, url in report.materials:
        Material.objects.create(meeting=meeting, title=title[:300], url=url[:200])

    items: dict[str, AgendaItem] = {}
    for position, parsed in enumerate(report.items, 1):
        items[parsed.number] = AgendaItem.objects.create(
            meeting=meeting,
            parent=items.get(parsed.parent_number) if parsed.parent_number else None,
            label=parsed.label[:10],
            position=position,
            title=parsed.title[:300],
            minutes=parsed.minutes,
        )
        for i, found in enumerate(plan.presenters.get(parsed.number, []), 1):
            _mention(Presentation(agenda_item=items[parsed.number], position=i), found, person)

    for position, (parsed, mentions) in enumerate(zip(report.actions, plan.owners, strict=True), 1):
        action = Action(
            meeting=meeting,
            agenda_item=items.get(parsed.item) if parsed.item else None,
            position=position,
            after_paragraph=parsed.after_paragraph or None,
            text=parsed.text,
            acting_for=parsed.acting_for[:300],
            due_date=parsed.due_date,
            due_meeting=follow_up(parsed.due_meeting) if parsed.due_meeting else None,
            status=parsed.status,
            closing_note=parsed.closing_note,
        )
        action._change_reason = FROM_REPORT
        action.save()
        seen: set[int] = set()
        has_lead = False
        for i, found in enumerate(mentions, 1):
            if found.person and person(found.person).pk in seen:
                continue
            ownership = Ownership(action=action, position=i, is_lead=found.lead and not has_lead)
            has_lead = has_lead or ownership.is_lead
            ownership._change_reason = FROM_REPORT
            _mention(ownership, found, person)
            if ownership.person_id:
                seen.add(ownership.person_id)
    for spec in report.follow_ups:
        follow_up(spec)
    if report.next_meeting:
        meeting.next_meeting = follow_up(report.next_meeting)
        meeting.save(update_fields=["next_meeting"])
    return meeting


def _mention(row, found: Mention, person) -> None:
    row.written_as = found.written[:200]
    row.person = person(found.person) if found.person else None
    row.save()
    if found.candidates:
        row.candidates.set(person(c) for c in found.candidates)


def _aware(date: datetime.date, time: datetime.time | None) -> datetime.datetime | None:
    if time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, time))

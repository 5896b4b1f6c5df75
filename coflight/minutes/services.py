"""Turns parsed minutes into coflight's meetings, people and actions, all or nothing.

`import_plan` decides, without writing anything, who each name is (an existing person, a new one,
or a doubt for the importer to settle) and what to warn about; `import_save` writes the plan in one
transaction.
"""

import collections
import dataclasses
import datetime
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Model
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from coflight.actions.history import FROM_REPORT
from coflight.actions.models import Action, Ownership
from coflight.dates import EARLIEST, LATEST, on_day
from coflight.decisions.models import Decision
from coflight.meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Invitation,
    Material,
    Meeting,
    Presentation,
    Project,
    Series,
)
from coflight.organisations.models import Organisation
from coflight.people.models import Person
from coflight.signals import created_in_bulk

from . import review
from .models import RememberedName
from .parser import (
    LONGEST_MEETING,
    NICKNAMES,
    FollowUp,
    MinutesError,
    ParsedAction,
    ParsedReport,
    comings_and_goings,
    is_only_a_date,
    meetings_in,
    parse,
)

M = TypeVar("M", bound=Model)
MentionRow = TypeVar("MentionRow", Presentation, Ownership, Attendance)

NEW = "new"
UNSETTLED = ""
# The importer's choice to import as a meeting of its own rather than fill a placeholder.
SEPARATE = "placeholder-separate"


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
    # Selected as the last import of the same series settled it.
    remembered: bool = False


@dataclasses.dataclass
class Mention:
    written: str
    person: PlannedPerson | None
    candidates: list[PlannedPerson]
    lead: bool = False
    acting_for: str = ""
    # An attendee's: what the list says beside their name ("SFC, Moderator").
    note: str = ""


@dataclasses.dataclass
class Question:
    """A fact the minutes do not state, or not readably, that the importer gives."""

    key: str  # the form field, and the resolution's key
    label: str
    kind: str  # "date" or "text"
    answer: str = ""
    error: str = ""


# The answers to the questions, as the preview form and import_minutes's options give them.
DATE, TITLE, SERIES = "meeting-date", "meeting-title", "meeting-series"


def _last_day(report: ParsedReport) -> datetime.date | None:
    """The last day the minutes give, if it still follows the day the meeting is dated (the
    importer may have given another)."""
    last, first = report.last_day, report.date
    if last and first and 0 < (last - first).days <= LONGEST_MEETING:
        return last
    return None


def answer(report: ParsedReport, resolutions: dict[str, str]) -> list[Question]:
    """Puts the importer's answers in `report`; what is still missing, or wrongly answered."""
    questions = []
    given = resolutions.get(DATE, "").strip()
    if given:
        try:
            day = datetime.date.fromisoformat(given)
        except ValueError:
            day = None
        if day is None or not EARLIEST <= day <= LATEST:
            questions.append(
                Question(
                    DATE,
                    _("Date of the meeting"),
                    "date",
                    given,
                    _("Give the date as year-month-day, for example 2013-05-16."),
                )
            )
        else:
            report.date = day
    elif report.date is None:
        questions.append(Question(DATE, _("Date of the meeting"), "date"))
    title = resolutions.get(TITLE, "").strip()[:300]
    if title:
        report.title = title
    elif not report.title:
        questions.append(Question(TITLE, _("Title of the meeting"), "text"))
    series = resolutions.get(SERIES, "").strip()[:200]
    if series:
        report.series = series
    return questions


@dataclasses.dataclass
class ImportPlan:
    report: ParsedReport
    attendees: list[tuple[str, "Mention"]]
    presenters: dict[str, list[Mention]]
    owners: list[list[Mention]]
    choices: list[Choice]
    warnings: list[str]
    existing_meeting: Meeting | None
    resolutions: dict[str, str] = dataclasses.field(default_factory=dict)
    # A meeting announced by an earlier report and not written up yet, which this import fills
    # unless the importer asked for a separate meeting.
    placeholder: Meeting | None = None
    fills_placeholder: bool = False
    questions: list[Question] = dataclasses.field(default_factory=list)
    # Those the minutes list as excused or absent: (presence, organisation, who).
    absentees: list[tuple[str, str, "Mention"]] = dataclasses.field(default_factory=list)
    # The actions reported on again that are earlier meetings' (review.py), with those actions.
    reviewed: list[review.Reviewed] = dataclasses.field(default_factory=list)
    # The names settled (by the importer, or as this series' last import did), to remember.
    settled: list[tuple[str, PlannedPerson]] = dataclasses.field(default_factory=list)


# "dave" → ("david",): the names a short name may be short for.
NAMES_FOR = {
    short: tuple(long for long, shorts in NICKNAMES.items() if short in shorts)
    for shorts in NICKNAMES.values()
    for short in shorts
}


def _split(name: str) -> tuple[str, str]:
    given, _space, family = name.strip().partition(" ")
    return given, family.strip()


def import_plan(report: ParsedReport, resolutions: dict[str, str] | None = None) -> ImportPlan:
    """Who each name of the report is, and what to warn about; writes nothing."""
    return _Planner(report, resolutions or {}).plan()


class _Planner:
    def __init__(self, report: ParsedReport, resolutions: dict[str, str]) -> None:
        self.report = report
        self.resolutions = resolutions
        self.warnings = list(report.notices)
        self.choices: list[Choice] = []
        # The names the importer settled, or this series' earlier imports did: (as written, who).
        self.settled: list[tuple[str, PlannedPerson]] = []
        self._remembered: dict[str, int] | None = None
        self.everyone = list(Person.objects.select_related("organisation"))
        self.attendees: list[tuple[str, Mention]] = []
        self.new_absentees: dict[str, PlannedPerson] = {}

    def plan(self) -> ImportPlan:
        report = self.report
        questions = answer(report, self.resolutions)
        existing = (
            Meeting.objects.filter(date=report.date, title__iexact=report.title).first()
            if report.date
            else None
        )
        review.match_reviewed(report, existing)
        self._plan_attendees()
        absentees = self._plan_absentees()
        presenters = {
            item.number: [
                self._mention(
                    name,
                    f"presenter-{item.number}-{i}",
                    _("presenter of item %(number)s") % {"number": item.number},
                )
                for i, name in enumerate(item.presenters)
            ]
            for item in report.items
        }
        owners = [self._plan_action(number, a) for number, a in enumerate(report.actions, 1)]
        if report.unread():
            self.warnings.append(
                _("These lines found no place and will not be imported: %(lines)s")
                % {"lines": " / ".join(f"“{line}”" for line in report.unread())}
            )
        placeholder = None
        if report.date and not existing:
            placeholder = Meeting.objects.placeholder_for(report.date, report.kind, report.series)
        return ImportPlan(
            report,
            self.attendees,
            presenters,
            owners,
            self.choices,
            self.warnings,
            existing,
            self.resolutions,
            placeholder,
            placeholder is not None and self.resolutions.get(SEPARATE) != "1",
            questions,
            absentees,
            review.reviewed_actions(report),
            self.settled,
        )

    def _existing_named(
        self, given: str, family: str = "", organisation: str | None = None
    ) -> list[Person]:
        return [
            p
            for p in self.everyone
            if p.given_name.casefold() == given.casefold()
            and (not family or p.family_name.casefold() in ("", family.casefold()))
            and (
                organisation is None
                or (p.organisation.name.casefold() if p.organisation else "")
                == organisation.casefold()
            )
        ]

    def _plan_absentees(self) -> list[tuple[str, str, Mention]]:
        """Who sent apologies or was absent: someone known, or a new person; a name that fits
        several people, or someone also listed as present, is said, not guessed."""
        came = {m.written.casefold() for _o, m in self.attendees}
        planned = []
        for presence, organisation, written in self.report.absentees:
            if written.casefold() in came:
                self.warnings.append(
                    _("“%(name)s” is listed both as present and as %(presence)s: kept as present.")
                    % {"name": written, "presence": presence}
                )
                continue
            given, family = _split(written)
            matches = self._existing_named(given, family, organisation or None)
            if len(matches) > 1:
                self.warnings.append(
                    _("“%(name)s”, listed as %(presence)s, could be several people: not recorded.")
                    % {"name": written, "presence": presence}
                )
                continue
            person = (
                PlannedPerson(
                    matches[0].given_name, matches[0].family_name, organisation, matches[0]
                )
                if matches
                else PlannedPerson(given, family, organisation)
            )
            planned.append((presence, organisation, Mention(written, person, [])))
        return planned

    def _plan_attendees(self) -> None:
        """Each listed name is someone at the meeting, matched to people already known; a name
        that fits several of them stays open unless the importer says who it is."""
        used: set[int] = set()
        # Lines still to come for each name and organisation: two "Mohamed" lines for TSP when
        # coflight knows two Mohameds of TSP name both of them, whichever line is which.
        to_come = collections.Counter(
            (_split(written), organisation.casefold())
            for organisation, names in self.report.attendees
            for written in names
        )
        for organisation, names in self.report.attendees:
            for written in names:
                given, family = _split(written)
                matches = [
                    p for p in self._existing_named(given, family, organisation) if p.pk not in used
                ]
                key = ((given, family), organisation.casefold())
                if len(matches) > 1 and to_come[key] == len(matches):
                    matches = matches[:1]
                to_come[key] -= 1
                found = self._settle_attendee(written, organisation, matches)
                found.note = self.report.attendee_notes.get(written, "")
                if found.person and found.person.existing:
                    used.add(found.person.existing.pk)
                self.attendees.append((organisation, found))

    def _settle_attendee(self, written: str, organisation: str, matches: list[Person]) -> Mention:
        key = f"attendee-{len(self.attendees)}"
        given, family = _split(written)
        known = [
            PlannedPerson(p.given_name, p.family_name, organisation, existing=p) for p in matches
        ]
        if not known or self.resolutions.get(key) == NEW:
            return Mention(written, PlannedPerson(given, family, organisation), [])
        if len(known) == 1:
            return Mention(written, known[0], [])
        options = [(UNSETTLED, _("leave it open, to settle later"))]
        options += [(str(p.pk), _describe(p)) for p in matches] + [(NEW, _("a new person"))]
        selected = self.resolutions.get(key, UNSETTLED)
        context = _("attendee for %(org)s") % {"org": organisation or "—"}
        self.choices.append(Choice(key, written, context, options, selected))
        chosen = next((p for p in known if str(p.existing and p.existing.pk) == selected), None)
        return Mention(written, chosen, []) if chosen else Mention(written, None, known)

    def _at_meeting(self, given: str) -> list[PlannedPerson]:
        """Who at the meeting has this given name: the settled attendees, and everyone an
        unsettled one could be, each once."""
        found: dict[int, PlannedPerson] = {}
        for _organisation, mention in self.attendees:
            for planned in [mention.person] if mention.person else mention.candidates:
                if planned.given_name.casefold() == given.casefold():
                    key = planned.existing.pk if planned.existing else id(planned)
                    found.setdefault(key, planned)
        return list(found.values())

    def _mention(self, written: str, key: str, context: str, *, lead: bool = False) -> Mention:
        given, family = _split(written)
        candidates = self._at_meeting(given)
        if not candidates and not family:
            # "Dave", where David Grove came: perhaps him; the importer is asked, not told.
            nicknamed = [
                planned
                for long in NAMES_FOR.get(given.casefold(), ())
                for planned in self._at_meeting(long)
            ]
            if nicknamed:
                return self._settle(written, key, context, nicknamed, lead, ask=True)
        absent = not candidates
        if absent:
            candidates = [
                PlannedPerson(
                    p.given_name,
                    p.family_name,
                    p.organisation.name if p.organisation else "",
                    existing=p,
                )
                for p in self._existing_named(given, family)
            ]
        if family:
            for candidate in candidates:
                if candidate.is_new and not candidate.family_name and len(candidates) == 1:
                    candidate.family_name = family
        found = self._settle(written, key, context, candidates, lead)
        if absent:
            who = found.person.name if found.person else written
            new = found.person is not None and found.person.is_new
            self.warnings.append(
                _("%(name)s (%(context)s) is not among the attendees.")
                % {"name": who, "context": context}
                + (" " + _("A new person will be created.") if new else "")
            )
        return found

    def _settle(
        self,
        written: str,
        key: str,
        context: str,
        candidates: list[PlannedPerson],
        lead: bool,
        ask: bool = False,
    ) -> Mention:
        """One candidate is the person; several are a doubt the importer settles or leaves, as
        is one that only may be the person (`ask`)."""
        given, family = _split(written)
        if len(candidates) == 1 and not ask and self.resolutions.get(key) != NEW:
            return Mention(written, candidates[0], [], lead)
        if not candidates or (len(candidates) == 1 and not ask):
            return Mention(written, self._new_absentee(given, family), [], lead)
        options = [(UNSETTLED, _("leave it open, to settle later"))]
        options += [(str(i), _planned_label(c)) for i, c in enumerate(candidates)]
        options += [(NEW, _("a new person"))]
        selected = self.resolutions.get(key)
        remembered = None
        if selected is None:
            pk = self.remembered().get(written.casefold())
            remembered = next(
                (str(i) for i, c in enumerate(candidates) if c.existing and c.existing.pk == pk),
                None,
            )
        selected = selected or remembered or UNSETTLED
        self.choices.append(
            Choice(key, written, context, options, selected, remembered is not None)
        )
        if selected.isdigit() and int(selected) < len(candidates):
            self.settled.append((written, candidates[int(selected)]))
            return Mention(written, candidates[int(selected)], [], lead)
        if selected == NEW:
            self.settled.append((written, self._new_absentee(given, family)))
            return Mention(written, self._new_absentee(given, family), [], lead)
        return Mention(written, None, candidates, lead)

    def remembered(self) -> dict[str, int]:
        """Who each name of this series' minutes was last settled as: read once, and only when
        a name needs settling."""
        if self._remembered is None:
            self._remembered = (
                dict(
                    RememberedName.objects.filter(series__name=self.report.series).values_list(
                        "written", "person_id"
                    )
                )
                if self.report.series
                else {}
            )
        return self._remembered

    def _new_absentee(self, given: str, family: str) -> PlannedPerson:
        key = f"{given} {family}".strip().casefold()
        if key not in self.new_absentees:
            self.new_absentees[key] = PlannedPerson(given, family)
        return self.new_absentees[key]

    def _plan_action(self, number: int, action: ParsedAction) -> list[Mention]:
        context = _("owner of action %(number)d") % {"number": number}
        owners = [
            dataclasses.replace(
                self._mention(o.name, f"owner-{number}-{i}", context, lead=o.lead),
                acting_for=o.acting_for,
            )
            for i, o in enumerate(action.owners)
        ]
        if sum(1 for o in action.owners if o.lead) > 1:
            self.warnings.append(
                _("Action %(number)d names several leads; only the first is kept.")
                % {"number": number}
            )
        if action.blank_owner_line:
            self.warnings.append(
                _("Action %(number)d: its owner line is blank.") % {"number": number}
            )
        elif not action.owners:
            self.warnings.append(_("Action %(number)d names no owner.") % {"number": number})
        if action.due_phrase and not (action.due_meeting or action.due_date):
            self.warnings.append(
                _("Action %(number)d: “%(phrase)s” could not be placed on a date or a meeting.")
                % {"number": number, "phrase": action.due_phrase}
            )
        return owners


def _describe(person: Person) -> str:
    org = person.organisation.name if person.organisation else _("no organisation")
    return f"{person.name} ({', '.join(person.distinction) or org})"


def _planned_label(person: PlannedPerson) -> str:
    if person.existing:
        return _describe(person.existing)
    return f"{person.name} ({person.organisation or _('no organisation')})"


# Any number unlikely to be another application's: the key of the lock that imports take in turn.
IMPORT_LOCK = 0x636F_666C_6967  # "coflig"


def import_save(
    report: ParsedReport,
    resolutions: dict[str, str] | None = None,
    *,
    replace: bool = False,
    by: User | None = None,
) -> Meeting:
    """Plans the report with the importer's choices and writes it; a failure changes nothing.

    Imports take turns: each waits for the one before it to commit, then plans, so a
    double-click, or two people saving the same minutes, finds the meeting already there, and
    the people a previous import created are matched rather than created twice. On PostgreSQL
    the turn is an advisory lock; on SQLite every transaction takes the database's write lock
    as it begins (settings.py), which serialises imports the same way.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        plan = import_plan(report, resolutions)
        if plan.questions:
            raise MinutesError(
                " ".join(
                    q.error
                    or _("The minutes do not state it: give the %(what)s.")
                    % {"what": q.label.lower()}
                    for q in plan.questions
                )
            )
        existing = plan.existing_meeting
        before = _minutes_by_number(existing) if existing else {}
        if existing:
            _clear_for_replacement(existing, replace=replace)
        meeting = _Writer(plan, by).write()
        if existing and existing.status == Meeting.Status.PUBLISHED:
            _record_as_amendments(meeting, before, by)
        return meeting


def import_archive(
    text: str,
    resolutions: dict[str, str] | None = None,
    *,
    replace: bool = False,
    by: User | None = None,
) -> list[Meeting]:
    """Each meeting of a file of several (parser.archive), saved as its own meeting, all or
    none. The title given, or the file's own, titles those whose heading is only their date;
    names are settled as this series' last imports settled them, or stay open."""
    resolutions = resolutions or {}
    whole = parse(text)
    title = resolutions.get(TITLE, "").strip() or (
        "" if is_only_a_date(whole.title) else whole.title
    )
    parts = meetings_in(text)
    days = [part.date for part in parts]
    twice = sorted({day for day in days if days.count(day) > 1})
    if twice:
        # Two parts of one day would be saved into the same meeting, the second over the first.
        raise MinutesError(
            _(
                "Two parts of this file are dated %(days)s: save it as one meeting, or give "
                "each part its own date."
            )
            % {"days": ", ".join(date_format(day, "j F Y") for day in twice)}
        )
    saved: list[Meeting] = []
    with transaction.atomic():
        for part in parts:
            report = parse(part.text)
            report.date, report.last_day = part.date, None
            if not report.title or is_only_a_date(report.title):
                report.title = ""
            answers = {TITLE: title, SERIES: resolutions.get(SERIES, "")}
            saved.append(import_save(report, answers, replace=replace, by=by))
    return saved


def _ends(report: ParsedReport) -> datetime.datetime | None:
    """When the meeting ended: the next day when its end is written before its start, as for a
    call from 22:00 to 01:00."""
    if not (report.date and report.starts_at and report.ends_at):
        return None
    ends = on_day(report.date, report.ends_at)
    starts = on_day(report.date, report.starts_at)
    if ends is None or starts is None or ends >= starts:
        return ends
    return ends + datetime.timedelta(days=1)


def _minutes_by_number(meeting: Meeting) -> dict[str, tuple[str, str, list[int]]]:
    """Each item's heading, minutes and amendments, by its number, before a replacement."""
    items = meeting.agenda_items.select_related("parent").prefetch_related("amendments")
    return {
        item.number: (
            f"{item.number}) {item.title}"[:320],
            item.minutes,
            [a.pk for a in item.amendments.all()],
        )
        for item in items
    }


def _record_as_amendments(meeting: Meeting, before: dict, by: User | None) -> None:
    """Published minutes replaced by an import: each item whose minutes changed is amended, and
    the amendments made before follow their items."""
    after = {i.number: i for i in meeting.agenda_items.select_related("parent")}
    amendments = []
    for number in [*before, *(n for n in after if n not in before)]:
        item = after.get(number)
        heading, minutes, earlier = before.get(number, (f"{number}) {item and item.title}", "", []))
        if earlier:
            Amendment.objects.filter(pk__in=earlier).update(agenda_item=item)
        new_minutes = item.minutes if item else ""
        if new_minutes != minutes:
            amendments.append(
                Amendment(
                    meeting=meeting,
                    agenda_item=item,
                    item_heading=heading[:320],
                    reason=_("Replaced by an import of the minutes."),
                    minutes_before=minutes,
                    minutes_after=new_minutes,
                    made_by=by,
                )
            )
    Amendment.objects.bulk_create(amendments)


def _clear_for_replacement(meeting: Meeting, *, replace: bool) -> None:
    """Empties the meeting of what its minutes say, for the import to say it again.

    The meeting itself stays: its address, the actions of other meetings due at it, its
    invitations and its amendments.
    """
    if not replace:
        raise MinutesError(
            _("“%(title)s” of %(date)s is already in coflight. Choose to replace it, or leave it.")
            % {"title": meeting.title, "date": meeting.date.isoformat()}
        )
    meeting.decisions.all().delete()
    meeting.actions.all().delete()
    meeting.attendances.all().delete()
    meeting.materials.all().delete()
    meeting.agenda_items.all().delete()


class _Writer:
    """Writes one plan, in bulk: a few queries per kind of row, however long the minutes.

    bulk_create reaches no model signal, so the writer saves the history records itself and
    tells the apps that follow saves what it wrote (coflight.signals.rows_created).
    """

    def __init__(self, plan: ImportPlan, by: User | None) -> None:
        self.plan = plan
        self.report = plan.report
        self.by = by
        self.organisations: dict[str, Organisation] = {}
        self.meetings: dict[tuple, Meeting] = {}
        self.written: dict[type[Model], list[Model]] = {}

    def write(self) -> Meeting:
        self._people()
        meeting = self._meeting()
        self._attendees(meeting)
        self._absentees(meeting)
        items = self._agenda(meeting)
        self._actions(meeting, items)
        review.move_on(self.report, meeting)
        self._decisions(meeting, items)
        self._remember(meeting)
        for spec in self.report.follow_ups:
            self._follow_up(spec)
        if self.report.next_meeting:
            meeting.next_meeting = self._follow_up(self.report.next_meeting)
            meeting.save(update_fields=["next_meeting"])
        created_in_bulk(sender=import_save, rows=self.written)
        return meeting

    def _remember(self, meeting: Meeting) -> None:
        """The names settled in this import, for the next import of the same series."""
        if meeting.series is None or not self.plan.settled:
            return
        people: dict[str, set[Person]] = {}
        for written, planned in self.plan.settled:
            people.setdefault(written.casefold()[:200], set()).add(self._person(planned))
        # "Patrice" settled as two people in the same minutes says nothing of the next ones.
        rows = [
            RememberedName(series=meeting.series, written=written, person=next(iter(who)))
            for written, who in people.items()
            if len(who) == 1
        ]
        RememberedName.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["series", "written"],
            update_fields=["person", "settled_at"],
        )

    def _bulk(self, model: type[M], rows: list[M]) -> list[M]:
        created = model._default_manager.bulk_create(rows, batch_size=500)
        self.written.setdefault(model, []).extend(created)
        return created

    def _organisation(self, name: str) -> Organisation | None:
        if not name:
            return None
        if name.casefold() not in self.organisations:
            found = Organisation.objects.filter(name__iexact=name).first()
            self.organisations[name.casefold()] = found or Organisation.objects.create(name=name)
        return self.organisations[name.casefold()]

    def _people(self) -> None:
        """Everyone the plan names who is not in coflight yet, created at once."""
        plan = self.plan
        mentions = [m for ms in [*plan.presenters.values(), *plan.owners] for m in ms]
        mentions += [m for _o, m in plan.attendees]
        mentions += [m for _p, _o, m in plan.absentees]
        named = [p for m in mentions for p in (m.person, *m.candidates) if p is not None]
        new = list({id(p): p for p in named if p.is_new and p.created is None}.values())
        people = [
            Person(
                given_name=p.given_name[:100],
                family_name=p.family_name[:100],
                organisation=self._organisation(p.organisation),
            )
            for p in new
        ]
        created = self._bulk(Person, people)
        for planned, person in zip(new, created, strict=True):
            planned.created = person
        just_created = Person.objects.filter(pk__in=[p.pk for p in created])
        just_created.number_namesakes()
        numbers = dict(just_created.values_list("pk", "namesake"))
        for person in created:  # the numbers just given, for the search index and emails
            person.namesake = numbers[person.pk]

    @staticmethod
    def _person(planned: PlannedPerson) -> Person:
        person = planned.existing or planned.created
        assert person is not None, "_people() creates everyone the plan names"
        return person

    def _follow_up(self, spec: FollowUp) -> Meeting:
        if spec.key not in self.meetings:
            found = Meeting.objects.filter(date=spec.date, kind=spec.kind).first()
            self.meetings[spec.key] = found or Meeting.objects.create(
                title=spec.title[:300],
                kind=spec.kind,
                date=spec.date,
                starts_at=on_day(spec.date, spec.starts_at),
                dial_in=spec.dial_in[:300],
                series=Series.objects.get_or_create(name=spec.series)[0] if spec.series else None,
            )
        return self.meetings[spec.key]

    def _meeting(self) -> Meeting:
        report = self.report
        assert report.date is not None, "import_save refuses a plan with its date unanswered"
        facts = {
            "title": report.title[:300],
            "kind": report.kind,
            "series": Series.objects.get_or_create(name=report.series[:200])[0]
            if report.series
            else None,
            "number": report.number,
            "date": report.date,
            "last_day": _last_day(report),
            "starts_at": on_day(report.date, report.starts_at),
            "ends_at": _ends(report),
            "venue": report.venue[:200],
            "address": report.address[:300],
            "room": report.room[:100],
            "dial_in": report.dial_in[:300],
            "summary": report.summary,
            "closing_text": report.closing_text,
            "source_dated": report.source_dated,
            "source_text": report.source_text,
            # Minutes written elsewhere come finished: imported is published.
            "status": Meeting.Status.PUBLISHED,
        }
        placeholder = self.plan.placeholder if self.plan.fills_placeholder else None
        # A replacement: the minutes say it all again, into the same meeting. A placeholder:
        # what the earlier report announced stays where these minutes say nothing.
        meeting = self.plan.existing_meeting or placeholder
        if meeting is None:
            meeting = Meeting.objects.create(**facts)
        else:
            replacing = meeting is self.plan.existing_meeting
            for field, value in facts.items():
                if replacing or value not in (None, ""):
                    setattr(meeting, field, value)
            meeting.save()
        meeting.projects.set(
            Project.objects.get_or_create(name=n[:200])[0] for n in report.projects
        )
        materials = [
            Material(meeting=meeting, title=title[:300], url=url[:200])
            for title, url in report.materials
        ]
        self._bulk(Material, materials)
        return meeting

    def _attendees(self, meeting: Meeting) -> None:
        attendances: list[tuple[Attendance, Mention]] = []
        present: set[int] = set()
        for position, (org_name, found) in enumerate(self.plan.attendees, 1):
            note = found.note
            arrived, left = comings_and_goings(note)
            attendance = Attendance(
                meeting=meeting,
                organisation=self._organisation(org_name),
                position=position,
                note=note[:200],
                arrived_at=on_day(meeting.date, arrived),
                left_at=on_day(meeting.date, left),
            )
            self._mention(attendance, found)
            if attendance.person is not None:
                if attendance.person.pk in present:
                    continue  # listed twice
                present.add(attendance.person.pk)
            attendances.append((attendance, found))
        self._bulk_mentions(Attendance, attendances)

    def _absentees(self, meeting: Meeting) -> None:
        came = set(meeting.attendances.values_list("person_id", flat=True))
        invited = {i.person_id: i for i in meeting.invitations.all()}
        rows = []
        for presence, organisation, mention in self.plan.absentees:
            assert mention.person is not None, "_plan_absentees settles each or leaves it out"
            person = self._person(mention.person)
            if person.pk in came:
                continue
            if person.pk in invited:
                invited[person.pk].absence = presence
                invited[person.pk].save(update_fields=["absence"])
                continue
            invitation = Invitation(
                meeting=meeting,
                person=person,
                organisation=self._organisation(organisation) or person.organisation,
                absence=presence,
            )
            invited[person.pk] = invitation
            rows.append(invitation)
        self._bulk(Invitation, rows)

    def _agenda(self, meeting: Meeting) -> dict[str, AgendaItem]:
        items: dict[str, AgendaItem] = {}
        parsed_items = list(enumerate(self.report.items, 1))
        # Top-level items first, so that sub-items can point at their parents.
        for level in (False, True):
            rows = [
                (
                    parsed.number,
                    AgendaItem(
                        meeting=meeting,
                        parent=items.get(parsed.parent_number) if parsed.parent_number else None,
                        label=parsed.label[:10],
                        position=position,
                        title=parsed.title[:300],
                        minutes=parsed.minutes,
                    ),
                )
                for position, parsed in parsed_items
                if bool(parsed.parent_number) is level
            ]
            created = self._bulk(AgendaItem, [item for _n, item in rows])
            items |= {number: item for (number, _i), item in zip(rows, created, strict=True)}
        presentations = [
            (self._mention(Presentation(agenda_item=items[number], position=i), found), found)
            for number, mentions in self.plan.presenters.items()
            for i, found in enumerate(mentions, 1)
        ]
        self._bulk_mentions(Presentation, presentations)
        materials = [
            Material(meeting=meeting, agenda_item=items[parsed.number], title=t[:300], url=u[:200])
            for parsed in self.report.items
            for t, u in parsed.materials
        ]
        self._bulk(Material, materials)
        return items

    def _actions(self, meeting: Meeting, items: dict[str, AgendaItem]) -> None:
        pairs = list(zip(self.report.actions, self.plan.owners, strict=True))
        actions = [
            Action(
                meeting=meeting,
                agenda_item=items.get(parsed.item) if parsed.item else None,
                position=position,
                after_paragraph=parsed.after_paragraph,
                text=parsed.text,
                acting_for=parsed.acting_for[:300],
                due_date=parsed.due_date,
                due_meeting=self._follow_up(parsed.due_meeting) if parsed.due_meeting else None,
                status=parsed.status,
                closing_note=parsed.closing_note,
                version=1,
            )
            for position, (parsed, _mentions) in enumerate(pairs, 1)
        ]
        actions = self._bulk(Action, actions)
        self._history(Action, actions)
        owners = [
            owner
            for action, (_parsed, mentions) in zip(actions, pairs, strict=True)
            for owner in self._owners(action, mentions)
        ]
        self._history(Ownership, self._bulk_mentions(Ownership, owners))

    def _decisions(self, meeting: Meeting, items: dict[str, AgendaItem]) -> None:
        decisions = [
            Decision(
                meeting=meeting,
                agenda_item=items.get(parsed.item) if parsed.item else None,
                position=position,
                after_paragraph=parsed.after_paragraph,
                text=parsed.text,
                agreed_by=parsed.agreed_by[:200],
            )
            for position, parsed in enumerate(self.report.decisions, 1)
        ]
        self._history(Decision, self._bulk(Decision, decisions))

    def _owners(self, action: Action, mentions: list[Mention]) -> list[tuple[Ownership, Mention]]:
        """Each person owns an action once, and only the first lead the report names leads."""
        seen: set[int] = set()
        has_lead = False
        owners = []
        for i, found in enumerate(mentions, 1):
            person = self._person(found.person) if found.person else None
            if person is not None and person.pk in seen:
                continue
            ownership = Ownership(
                action=action,
                position=i,
                is_lead=found.lead and not has_lead,
                acting_for=found.acting_for[:300],
            )
            has_lead = has_lead or ownership.is_lead
            owners.append((self._mention(ownership, found), found))
            if person is not None:
                seen.add(person.pk)
        return owners

    def _mention(self, row: MentionRow, found: Mention) -> MentionRow:
        row.written_as = found.written[:200]
        row.person = self._person(found.person) if found.person else None
        return row

    def _bulk_mentions(
        self, model: type[MentionRow], rows: list[tuple[MentionRow, Mention]]
    ) -> list[MentionRow]:
        """The mentions, then who each ambiguous one could be."""
        created = self._bulk(model, [row for row, _found in rows])
        through = model.candidates.through
        links = [
            through(**{str(model._meta.model_name): row, "person": person})
            for row, (_row, found) in zip(created, rows, strict=True)
            for person in {self._person(c).pk: self._person(c) for c in found.candidates}.values()
        ]
        through._default_manager.bulk_create(links, batch_size=500)
        return created

    def _history(self, model: type[Action] | type[Ownership] | type[Decision], rows: list) -> None:
        model.history.bulk_history_create(
            rows, default_change_reason=FROM_REPORT, default_user=self.by, batch_size=500
        )

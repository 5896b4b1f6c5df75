"""One line of minutes that adds an action or a decision, in the grammar the importer reads.

    Action: Jean-Pierre (lead) & Jamie: record a screen cast, by 30 May
    ACTION: Stuart to nominate a project manager before the next plenary
    Decision: all participants agreed on the relevance of this work

and as a French secretary writes them:

    Action : Jean-Pierre (pilote) et Jamie : enregistrer un screencast, d’ici le 30 mai
    Action : Stuart doit nommer un chef de projet avant la prochaine réunion plénière
    Décision : tous les participants ont convenu de la pertinence de ce travail

Owners are looked for among the people at the meeting first, then everyone, and namesakes are
told apart. What cannot be settled (a name that fits two people, or nobody; a meeting that is not
planned) is asked about, and nothing is saved until it is answered: never guessed.
"""

import dataclasses
import datetime
import re

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from coflight.actions.models import Action, Ownership
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Meeting
from coflight.people.models import Person
from coflight.signals import followed_once

from .models import CapturedLine
from .parser import (
    ACTION_LINE,
    AGREED_SENTENCE,
    DECISION_LINE,
    DUE_DATE,
    NAME_COLON_TASK,
    NAME_TO_TASK,
    due_meeting_in,
    find_date,
    owners_of,
)

NEW_PERSON = "new"
# The kinds a due phrase can name; "next meeting", « prochaine réunion », is any kind.
KINDS = {Meeting.Kind.WEEKLY_CALL, Meeting.Kind.PLENARY}
# « Stuart doit nommer un chef de projet », as "Stuart to nominate a project manager".
NAME_MUST_TASK = re.compile(
    r"^(?P<names>[A-ZÀ-Ý][\w'’.-]*(?: [A-ZÀ-Ý][\w'’.-]*)?(?: ?(?:,|&|et) ?[A-ZÀ-Ý][\w'’.-]*"
    r"(?: [A-ZÀ-Ý][\w'’.-]*)?){0,5}) (?:doit|doivent|se charge(?:nt)? d[e’']) ?(?P<text>\S.*)$"
)


class NotALine(ValueError):
    """The line says neither "Action:" nor "Decision:"."""


@dataclasses.dataclass
class Owner:
    written: str
    lead: bool
    acting_for: str
    person: Person | None = None
    # Who the name could be, when it fits several people: the question to ask.
    candidates: list[Person] = dataclasses.field(default_factory=list)
    # Nobody has the name, and the secretary said to add them.
    new: bool = False
    # The answer's name in the form that asks.
    field: str = ""

    @property
    def settled(self) -> bool:
        return self.person is not None or self.new


@dataclasses.dataclass
class Captured:
    kind: str  # "action" or "decision"
    text: str
    owners: list[Owner] = dataclasses.field(default_factory=list)
    due_date: datetime.date | None = None
    due_meeting: Meeting | None = None
    due_phrase: str = ""
    agreed_by: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def questions(self) -> list[Owner]:
        return [o for o in self.owners if not o.settled]

    @property
    def ready(self) -> bool:
        return not self.questions and not self.problems


def read(line: str, meeting: Meeting, answers: dict[str, str] | None = None) -> Captured:
    """What `line` would add to `meeting`, with the questions it leaves open."""
    answers = answers or {}
    text = " ".join(line.split())
    decision = DECISION_LINE.match(text)
    if decision:
        captured = Captured("decision", _sentence(decision["text"]))
        # A sentence to the parser, which reads who agreed from the minutes' sentences.
        agreed = AGREED_SENTENCE.match(captured.text.rstrip(".!?") + ".")
        captured.agreed_by = agreed["who"] if agreed else ""
        return captured
    action = ACTION_LINE.match(text)
    if not action or not action["text"].strip():
        raise NotALine(
            _("Start the line with “Action:” or “Decision:”: “Action: Ann to send the figures”.")
        )
    body = action["text"].strip()
    names, task = "", body
    for pattern in (NAME_COLON_TASK, NAME_TO_TASK, NAME_MUST_TASK):
        found = pattern.match(body)
        if found:
            names, task = found["names"], found["text"]
            break
    captured = Captured("action", _sentence(task))
    written, _unattached = owners_of(names) if names else ([], "")
    present = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    for index, named in enumerate(written):
        owner = Owner(named.name, named.lead, named.acting_for, field=f"owner-{index}")
        _settle(owner, present, answers.get(owner.field, ""))
        captured.owners.append(owner)
    _due(captured, meeting)
    return captured


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _settle(owner: Owner, present: set[int], answer: str) -> None:
    people = list(Person.objects.with_organisation().filter(_named(owner.written)))
    if answer == NEW_PERSON and not people:
        owner.new = True
        return
    if answer.isdigit() and any(p.pk == int(answer) for p in people):
        owner.person = next(p for p in people if p.pk == int(answer))
        return
    at_meeting = [p for p in people if p.pk in present]
    matches = at_meeting if len(at_meeting) == 1 else people
    if len(matches) == 1:
        owner.person = matches[0]
    else:
        owner.candidates = at_meeting or people


def _named(written: str) -> Q:
    words = written.split()
    if len(words) == 1:
        return Q(given_name__iexact=words[0]) | Q(family_name__iexact=words[0])
    return Q(given_name__iexact=" ".join(words[:-1]), family_name__iexact=words[-1]) | Q(
        given_name__iexact=written
    )


def _due(captured: Captured, meeting: Meeting) -> None:
    # "before the next plenary (13 June)", « lors de la prochaine réunion plénière (13 juin) ».
    at = due_meeting_in(captured.text)
    if at:
        captured.due_phrase = at.phrase
        day = None
        if at.when:
            day, _w, _m = find_date(at.when, meeting.date.year)
        planned = Meeting.objects.filter(date__gt=meeting.date)
        if at.kind in KINDS:
            planned = planned.filter(kind=at.kind)
        if day:
            planned = planned.filter(date=day)
        captured.due_meeting = planned.order_by("date", "pk").first()
        if captured.due_meeting is None:
            captured.problems.append(
                _("“%(phrase)s”: no such meeting is planned yet. Plan it, or give a date.")
                % {"phrase": captured.due_phrase}
            )
        return
    by = DUE_DATE.search(captured.text)
    if by:
        day, year_written, _m = find_date(by["when"], meeting.date.year)
        if day and not year_written and day < meeting.date:
            # "by 10 January" said in December: the next one.
            day, _w, _m = find_date(by["when"], meeting.date.year + 1)
        if day:
            captured.due_phrase, captured.due_date = by.group(0), day


class AlreadyCaptured(Exception):
    """This form's line was added already."""


def save(
    captured: Captured, meeting: Meeting, item: AgendaItem | None, token: str = ""
) -> Action | Decision:
    """The action or decision, placed after the item's minutes written so far; once for
    `token`, the form's, however often it is sent (AlreadyCaptured)."""
    try:
        return _save(captured, meeting, item, token)
    except IntegrityError:
        if token and CapturedLine.objects.filter(token=token).exists():
            raise AlreadyCaptured from None
        raise


def _save(captured: Captured, meeting: Meeting, item: AgendaItem | None, token: str):
    assert captured.ready, "ask the questions first"
    after = len([p for p in item.minutes.split("\n\n") if p.strip()]) if item else None
    # The action and its owners indexed, and their pages' revision moved, once.
    with transaction.atomic(), followed_once():
        if token:
            # First: a second send waits here for the first to commit, then fails.
            CapturedLine.objects.create(token=token, meeting=meeting)
        if captured.kind == "decision":
            last = _last_position(meeting, Decision)
            decision = Decision.objects.create(
                meeting=meeting,
                agenda_item=item,
                text=captured.text,
                agreed_by=captured.agreed_by,
                position=last + 1,
                after_paragraph=after,
            )
            _as_prefetched(decision, people=Person.objects.none())
            return decision
        last = _last_position(meeting, Action)
        action = Action.objects.create(
            meeting=meeting,
            agenda_item=item,
            text=captured.text,
            position=last + 1,
            after_paragraph=after,
            due_date=captured.due_date,
            due_meeting=captured.due_meeting,
        )
        lead_given, owning, ownerships = False, set(), []
        for position, owner in enumerate(captured.owners, 1):
            if owner.person is not None and owner.person.pk in owning:
                continue  # named twice: one owner
            person = owner.person
            if person is None:
                given, _space, family = owner.written.rpartition(" ")
                person = Person.objects.create(
                    given_name=given or family, family_name=family if given else ""
                )
            ownership = Ownership(
                action=action,
                person=person,
                written_as=owner.written[:200],
                position=position,
                is_lead=owner.lead and not lead_given,
                acting_for=owner.acting_for[:300],
            )
            # The action is new: nobody holds an earlier version of it to be made stale.
            ownership.save(force_insert=True, touch_action=False)
            ownerships.append(ownership)
            lead_given = lead_given or owner.lead
            owning.add(person.pk)
        # What Action.objects.for_display() would load, from what the write holds: the new
        # action is indexed and shown at once without loading it again. A person named for
        # sure has no candidates.
        for ownership in ownerships:
            _as_prefetched(ownership, candidates=Person.objects.none())
        _as_prefetched(action, ownerships=ownerships)
    return action


def _last_position(meeting: Meeting, model: type[Action] | type[Decision]) -> int:
    """The meeting locked, so that two lines added at once get two positions; then the last
    position its `model` rows hold. Two statements: on PostgreSQL one that waited for the lock
    would still read the rows as they were when it started, without the other line's."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").first()
    last = model.objects.filter(meeting=meeting).aggregate(p=Max("position"))["p"]
    return last or 0


def _as_prefetched(instance: models.Model, **relations) -> None:
    """What prefetch_related would hold for `instance`'s `relations`."""
    vars(instance)["_prefetched_objects_cache"] = relations

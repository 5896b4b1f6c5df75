"""Planning a meeting and holding it: its agenda, its next meeting, its start, end and publication.

Each write is one transaction, and each transition a conditional update, so that a double click
or two secretaries at once never start a meeting twice or leave an agenda numbered twice.
"""

import datetime
import string
from typing import Any

from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coflight.dates import on_day
from coflight.pagecache.models import Pages, Revision
from coflight.people.models import Person
from coflight.signals import meeting_page_changed

from .models import (
    AgendaItem,
    Amendment,
    Attendance,
    Invitation,
    Material,
    Meeting,
    Presentation,
    Series,
)

# When a series has held a single meeting, the next is proposed this long after it.
USUAL_INTERVAL = {Meeting.Kind.WEEKLY_CALL: datetime.timedelta(days=7)}
DEFAULT_INTERVAL = datetime.timedelta(days=28)


class NotAllowedNow(Exception):
    """The meeting is not in a state that allows this (say, starting it twice)."""


def editable(meeting: Meeting) -> None:
    """Published minutes are locked: changing them is an amendment, not an edit."""
    if meeting.status == Meeting.Status.PUBLISHED:
        raise NotAllowedNow(_("The minutes are published: the meeting can no longer be changed."))


def next_of_series(meeting: Meeting) -> tuple[Meeting, bool]:
    """The next meeting of `meeting`'s series, planned, and whether it was created now.

    A meeting already planned after this one and the last one held (such as the one a report
    announced, "the following weekly meeting (6 June)") is that next meeting: it is filled in,
    never duplicated. A new one copies the kind, venue, dial-in, recurring agenda items and
    invitees of the last meeting held, and is proposed one usual interval later.
    """
    with transaction.atomic():
        _lock(meeting)  # two clicks plan one meeting, from this meeting or another of its series
        if meeting.series_id:
            Series.objects.select_for_update().filter(pk=meeting.series_id).first()
        if meeting.series_id:
            siblings = Meeting.objects.filter(series=meeting.series_id)
        else:
            siblings = Meeting.objects.filter(series=None, kind=meeting.kind, title=meeting.title)
        last = siblings.exclude(status=Meeting.Status.PLANNED).order_by("-date", "-pk").first()
        last = last or meeting
        after = max(meeting.date, last.date)
        planned = (
            siblings.filter(status=Meeting.Status.PLANNED, date__gt=after)
            .order_by("date", "pk")
            .first()
        )
        created = planned is None
        if planned is None:
            day = after + _interval(last)
            planned = Meeting.objects.create(
                title=last.title,
                kind=last.kind,
                series_id=last.series_id,
                number=_next_number(last),
                date=day,
                starts_at=_same_time(last.starts_at, day),
                ends_at=_same_time(last.ends_at, day),
                venue=last.venue,
                address=last.address,
                room=last.room,
                dial_in=last.dial_in,
            )
        _fill_from(planned, last)
    return planned, created


def _interval(last: Meeting) -> datetime.timedelta:
    before = (
        Meeting.objects.filter(series=last.series_id, date__lt=last.date)
        .exclude(status=Meeting.Status.PLANNED)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
        if last.series_id
        else None
    )
    if before:
        return last.date - before
    return USUAL_INTERVAL.get(Meeting.Kind(last.kind), DEFAULT_INTERVAL)


def _next_number(last: Meeting) -> int | None:
    if not last.series_id or last.number is None:
        return None
    highest = Meeting.objects.filter(series=last.series_id).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _same_time(moment: datetime.datetime | None, day: datetime.date) -> datetime.datetime | None:
    return on_day(day, timezone.localtime(moment).time()) if moment else None


def _fill_from(planned: Meeting, last: Meeting) -> None:
    """What the last meeting had and the planned one does not say yet."""
    if planned.pk == last.pk:
        return
    changed = []
    for field in ("venue", "address", "room", "dial_in"):
        if not getattr(planned, field) and getattr(last, field):
            setattr(planned, field, getattr(last, field))
            changed.append(field)
    if changed:
        planned.save(update_fields=changed)
    if not planned.agenda_items.exists():
        _copy_recurring_items(last, planned)
    if not planned.invitations.exists():
        invitees = [
            Invitation(meeting=planned, person_id=i.person_id, organisation_id=i.organisation_id)
            for i in last.invitations.all()
        ] or [
            Invitation(meeting=planned, person_id=a.person_id, organisation_id=a.organisation_id)
            for a in last.attendances.exclude(person=None)
            if a.person_id is not None
        ]
        Invitation.objects.bulk_create(invitees, ignore_conflicts=True)
        Revision.bump(pages=[Pages(planned.pk)])
        meeting_page_changed.send(sender=Invitation, meeting=planned.pk, parts=["live-attendance"])


def _copy_recurring_items(last: Meeting, planned: Meeting) -> None:
    items = list(last.agenda_items.filter(recurring=True).order_by("position", "pk"))
    copies: dict[int, AgendaItem] = {}
    for item in items:
        if item.parent_id and item.parent_id not in copies:
            continue
        copy = AgendaItem.objects.create(
            meeting=planned,
            parent=copies.get(item.parent_id) if item.parent_id else None,
            label=f"~{item.pk}",
            position=item.position,
            title=item.title,
            duration=item.duration,
            recurring=True,
        )
        copies[item.pk] = copy
    renumber(planned)


# --- the agenda ---------------------------------------------------------------------------


def renumber(meeting: Meeting) -> None:
    """Numbers the agenda in its order: 1, 2, 3 at the top, a, b, c under each."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    # Out of the way first, under numbers no item has: the numbers are unique, and a move
    # swaps two of them.
    AgendaItem.objects.filter(meeting=meeting).update(
        label=Concat(Value("~"), Cast("pk", CharField()))
    )
    tops = [i for i in items if i.parent_id is None]
    for number, top in enumerate(tops, 1):
        top.label, top.position = str(number), number * 100
        children = [i for i in items if i.parent_id == top.pk]
        for index, child in enumerate(children):
            child.label = _letters(index)
            child.position = number * 100 + index + 1
    AgendaItem.objects.bulk_update(items, ["label", "position"])
    # Written in bulk, past the signals: the pages follow all the same, this meeting's and the
    # later ones, whose review names the item each open action came from.
    Revision.bump(pages=[Pages(meeting.pk, after=meeting.date)])
    meeting_page_changed.send(sender=AgendaItem, meeting=meeting.pk, parts=["live-agenda"])


def _letters(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def add_item(
    meeting: Meeting,
    *,
    title: str,
    parent: AgendaItem | None = None,
    duration: int | None = None,
    recurring: bool = False,
) -> AgendaItem:
    with transaction.atomic():
        _lock(meeting)
        editable(meeting)
        if parent is not None and parent.parent_id is not None:
            raise NotAllowedNow(_("Agenda items nest one level deep only."))
        last = (
            AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(p=Max("position"))[
                "p"
            ]
            or 0
        )
        if parent is not None:
            below = AgendaItem.objects.filter(parent=parent).aggregate(p=Max("position"))["p"]
            last = max(below or parent.position, parent.position)
        item = AgendaItem.objects.create(
            meeting=meeting,
            parent=parent,
            label="~new",  # numbered below
            position=last + 1,
            title=title,
            duration=duration,
            recurring=recurring,
        )
        renumber(meeting)
    item.refresh_from_db()
    return item


def change_item(item: AgendaItem, *, title: str, duration: int | None, recurring: bool) -> None:
    with transaction.atomic():
        _lock(item.meeting)
        editable(item.meeting)
        # Not the minutes' version: a secretary typing them is not interrupted.
        item.title, item.duration, item.recurring = title, duration, recurring
        item.save(update_fields=["title", "duration", "recurring"])


def remove_item(item: AgendaItem) -> None:
    with transaction.atomic():
        meeting = _lock(item.meeting)
        editable(meeting)
        item.refresh_from_db()
        if item.children.exists():
            raise NotAllowedNow(_("Remove or move its sub-items first."))
        if item.actions.exists() or item.decisions.exists():
            raise NotAllowedNow(
                _("Actions or decisions were recorded under this item: it stays on the agenda.")
            )
        if item.minutes.strip():
            raise NotAllowedNow(_("Minutes were written under this item: it stays on the agenda."))
        item.delete()
        renumber(meeting)


def add_presenter(item: AgendaItem, person: Person) -> Presentation:
    with transaction.atomic():
        editable(_lock(item.meeting))
        last = item.presentations.aggregate(p=Max("position"))["p"] or 0
        # Twice the same person (a double click) stays once: the constraint, met here.
        presentation, _created = Presentation.objects.get_or_create(
            agenda_item=item,
            person=person,
            defaults={"written_as": person.name, "position": last + 1},
        )
        return presentation


def remove_presenter(item: AgendaItem, presentation_pk: int) -> None:
    with transaction.atomic():
        editable(_lock(item.meeting))
        item.presentations.filter(pk=presentation_pk).delete()


def add_material(item: AgendaItem, *, title: str, url: str) -> Material:
    with transaction.atomic():
        editable(_lock(item.meeting))
        material, _created = Material.objects.get_or_create(
            meeting_id=item.meeting_id, agenda_item=item, title=title, url=url
        )
        return material


def remove_material(item: AgendaItem, material_pk: int) -> None:
    with transaction.atomic():
        editable(_lock(item.meeting))
        item.materials.filter(pk=material_pk).delete()


def move_item(item: AgendaItem, direction: str) -> None:
    """Up or down among its siblings; in, under the item above it; out, back to the top level."""
    with transaction.atomic():
        meeting = _lock(item.meeting)
        editable(meeting)
        item.refresh_from_db()
        siblings = list(
            AgendaItem.objects.filter(meeting=meeting, parent=item.parent_id).order_by(
                "position", "pk"
            )
        )
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        if direction in ("up", "down"):
            other = index - 1 if direction == "up" else index + 1
            if not 0 <= other < len(siblings):
                return
            a, b = siblings[index], siblings[other]
            a.position, b.position = b.position, a.position
            if a.position == b.position:
                a.position += -1 if direction == "up" else 1
            AgendaItem.objects.bulk_update([a, b], ["position"])
        elif direction == "in":
            if item.parent_id is not None or index == 0:
                raise NotAllowedNow(_("Only a top-level item after another can go under it."))
            if AgendaItem.objects.filter(parent=item).exists():
                raise NotAllowedNow(_("Agenda items nest one level deep only."))
            above = siblings[index - 1]
            below = AgendaItem.objects.filter(parent=above).aggregate(p=Max("position"))["p"]
            AgendaItem.objects.filter(pk=item.pk).update(
                parent=above, position=max(below or above.position, above.position) + 1
            )
        elif direction == "out":
            if item.parent_id is None:
                return
            parent = AgendaItem.objects.get(pk=item.parent_id)
            # Right after its former parent and the parent's remaining sub-items.
            later = AgendaItem.objects.filter(
                meeting=meeting, parent=None, position__gt=parent.position
            )
            later.update(position=F("position") + 1000)
            AgendaItem.objects.filter(pk=item.pk).update(parent=None, position=parent.position + 99)
        renumber(meeting)


def _lock(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the end of the transaction: one agenda edit at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- holding it ---------------------------------------------------------------------------


def _transition(meeting: Meeting, before: str, after: str, **times) -> None:
    changed = Meeting.objects.filter(pk=meeting.pk, status=before).update(status=after, **times)
    if not changed:
        raise NotAllowedNow(REFUSED[after])
    meeting.refresh_from_db()
    # An update() reaches no signal: the pages that show the meeting follow it all the same.
    meeting.save(update_fields=["status"])


REFUSED: dict[str, Any] = {
    Meeting.Status.IN_PROGRESS: gettext_lazy("Only a planned meeting can be started."),
    Meeting.Status.DRAFT: gettext_lazy("Only a meeting in progress can be ended."),
    Meeting.Status.PUBLISHED: gettext_lazy("Only minutes in draft can be published."),
}


def start(meeting: Meeting) -> None:
    _transition(
        meeting, Meeting.Status.PLANNED, Meeting.Status.IN_PROGRESS, started_at=timezone.now()
    )


def end(meeting: Meeting) -> None:
    _transition(meeting, Meeting.Status.IN_PROGRESS, Meeting.Status.DRAFT, ended_at=timezone.now())


def publish(meeting: Meeting) -> None:
    _transition(
        meeting, Meeting.Status.DRAFT, Meeting.Status.PUBLISHED, published_at=timezone.now()
    )


def amend_minutes(item: AgendaItem, text: str, *, version: int, reason: str, by: Any) -> Amendment:
    """Changes the published minutes of `item`, keeping what they said and why they changed.

    Raises StaleMinutes if someone saved the item since `version`, as during the meeting.
    """
    reason = " ".join(reason.split())
    if item.meeting.status != Meeting.Status.PUBLISHED:
        raise NotAllowedNow(_("These minutes are not published: edit them, no amendment needed."))
    if not reason:
        raise NotAllowedNow(_("Say why the published minutes change: the reason is kept."))
    with transaction.atomic():
        before = AgendaItem.objects.select_for_update().get(pk=item.pk).minutes
        if before == text:
            raise NotAllowedNow(_("The minutes are unchanged: there is nothing to amend."))
        item.write_minutes(text, version)
        return Amendment.objects.create(
            meeting_id=item.meeting_id,
            agenda_item=item,
            item_heading=f"{item.number}) {item.title}"[:320],
            reason=reason[: Amendment._meta.get_field("reason").max_length],
            minutes_before=before,
            minutes_after=text,
            made_by=by,
        )


# --- invitations and the roll call ----------------------------------------------------------


def invite(meeting: Meeting, person: Person) -> Invitation:
    editable(meeting)
    invitation, _created = Invitation.objects.get_or_create(
        meeting=meeting, person=person, defaults={"organisation_id": person.organisation_id}
    )
    return invitation


def uninvite(meeting: Meeting, person: Person) -> None:
    editable(meeting)
    if meeting.attendances.filter(person=person).exists():
        raise NotAllowedNow(_("They came: take them off the roll call first."))
    Invitation.objects.filter(meeting=meeting, person=person).delete()


def call(
    meeting: Meeting,
    person: Person,
    presence: str,
    *,
    arrived: datetime.time | None = None,
    left: datetime.time | None = None,
) -> None:
    """Marks `person` present (with the times they came and went), excused or absent.

    Someone present is an attendance, for the organisation they were invited for; anyone else
    is noted on their invitation. A guest, not invited, is present or not there at all.
    """
    if arrived and left and left < arrived:
        raise NotAllowedNow(_("They cannot leave before they arrive."))
    with transaction.atomic():
        editable(_lock(meeting))
        invitation = Invitation.objects.filter(meeting=meeting, person=person).first()
        if presence == "present":
            when = {
                "arrived_at": on_day(meeting.date, arrived),
                "left_at": on_day(meeting.date, left),
            }
            attendance = meeting.attendances.filter(person=person).first()
            if attendance is None:
                last = meeting.attendances.aggregate(p=Max("position"))["p"] or 0
                organisation = invitation.organisation_id if invitation else person.organisation_id
                Attendance.objects.create(
                    meeting=meeting,
                    person=person,
                    organisation_id=organisation,
                    position=last + 1,
                    **when,
                )
            else:
                for field, value in when.items():
                    setattr(attendance, field, value)
                attendance.save(update_fields=list(when))
            if invitation and invitation.absence:
                invitation.absence = ""
                invitation.save(update_fields=["absence"])
            return
        if invitation is None:
            # A guest who is not there: off the roll call.
            for attendance in meeting.attendances.filter(person=person):
                attendance.delete()
            return
        for attendance in meeting.attendances.filter(person=person):
            attendance.delete()
        invitation.absence = presence
        invitation.save(update_fields=["absence"])

"""What coflight's emails say: new actions, reminders and minutes, written into the outbox.

Nothing is sent from here; outbox.deliver sends what is queued.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import Meeting
from coflight.minutes.markdown import meeting_text
from coflight.people.languages import email_language
from coflight.people.models import Person

from .models import OutgoingEmail, PendingAssignment
from .outbox import Delivery, deliver
from .tokens import absolute, unsubscribe_url

LINE_BREAKS = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")


@dataclass(frozen=True)
class ActionLine:
    """One action as an email tells its owner about it."""

    action: Action
    led: bool
    others: str
    origin: str
    due: str
    overdue: bool
    url: str


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def action_line(action: Action, person: Person) -> ActionLine:
    """`action` must come from Action.objects.for_display()."""
    origin = _("%(meeting)s, %(date)s") % {
        "meeting": action.meeting.title,
        "date": _day(action.meeting.date),
    }
    if action.agenda_item:
        origin += " · " + _("item %(number)s) %(title)s") % {
            "number": action.agenda_item.number,
            "title": action.agenda_item.title,
        }
    if action.due_meeting and action.due_date:
        due = _("Due by %(date)s, at %(meeting)s") % {
            "date": _day(action.due_date),
            "meeting": action.due_meeting.title,
        }
    elif action.due_meeting:
        due = _("Due at %(meeting)s, %(date)s") % {
            "meeting": action.due_meeting.title,
            "date": _day(action.due_meeting.date),
        }
    elif action.due_date:
        due = _("Due by %(date)s") % {"date": _day(action.due_date)}
    else:
        due = _("No due date")
    return ActionLine(
        action=action,
        led=any(o.person_id == person.pk and o.is_lead for o in action.ownerships.all()),
        others=action.owners_text(leaving_out=person),
        origin=origin,
        due=due,
        overdue=action.is_overdue,
        url=absolute(action.get_absolute_url()),
    )


def _one_line(text: str, limit: int = 200) -> str:
    """Header-safe: an action's text may hold line breaks, a subject may not. No-break spaces
    stay: French puts one before a colon."""
    text = LINE_BREAKS.sub(" ", text).strip(" ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compose(
    person: Person, kind: str, subject: str, template: str, context: dict, **fields
) -> OutgoingEmail:
    context = {
        "person": person,
        "subject": subject,
        "unsubscribe_url": unsubscribe_url(person),
        "person_url": absolute(person.get_absolute_url()),
        "site_url": absolute("/"),
        **context,
    }
    return OutgoingEmail(
        person=person,
        kind=kind,
        subject=_one_line(subject, 300),
        text=render_to_string(f"notifications/{template}.txt", context),
        html=render_to_string(f"notifications/{template}.html", context),
        **fields,
    )


def _in_language_of(person: Person):
    # Emails are read long after the request that caused them: they go out in the recipient's
    # chosen language, else the site's, never the sender's.
    return translation.override(email_language(person))


# On assignment


def flush_assignments(now: datetime.datetime | None = None) -> int:
    """One email per person whose newest assignment has waited long enough; returns how many."""
    now = now or timezone.now()
    quiet_since = now - datetime.timedelta(minutes=settings.COFLIGHT_ASSIGNMENT_EMAIL_DELAY)
    ready = (
        PendingAssignment.objects.values("person")
        .annotate(newest=Max("queued_at"))
        .filter(newest__lte=quiet_since)
        .values_list("person", flat=True)
    )
    queued = 0
    for person_id in list(ready):
        queued += _flush_one(person_id, quiet_since)
    return queued


def _flush_one(person_id: int, quiet_since: datetime.datetime) -> int:
    with transaction.atomic():
        pending = list(PendingAssignment.objects.filter(person_id=person_id))
        if not pending or max(p.queued_at for p in pending) > quiet_since:
            return 0  # someone changed their actions meanwhile: wait for the next run
        deleted, _counts = PendingAssignment.objects.filter(pk__in=[p.pk for p in pending]).delete()
        if deleted != len(pending):
            transaction.set_rollback(True)  # another run is telling them
            return 0
        person = Person.objects.get(pk=person_id)
        if not person.can_be_emailed:
            return 0
        # What they own now: an owner removed again within the wait hears nothing.
        owned = Action.objects.filter(pk__in=[p.action_id for p in pending]).open_for(person)
        actions = [*owned["lead_actions"], *owned["other_actions"]]
        if not actions:
            return 0
        with _in_language_of(person):
            lines = [action_line(a, person) for a in actions]
            if len(lines) == 1:
                subject = _("New action for you: %(text)s") % {
                    "text": _one_line(lines[0].action.text, 120)
                }
            else:
                subject = ngettext(
                    "%(count)d new action for you", "%(count)d new actions for you", len(lines)
                ) % {"count": len(lines)}
            _compose(
                person,
                OutgoingEmail.Kind.ASSIGNMENT,
                subject,
                "assignment_email",
                {"lines": lines},
            ).save()
        return 1


# Reminders


def queue_reminders(today: datetime.date | None = None) -> int:
    """Each person's digest of open actions overdue or due soon, once a day; returns how many."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.COFLIGHT_REMINDER_DAYS)
    due_soon = Action.objects.open().due_by(horizon)
    already = OutgoingEmail.objects.filter(
        kind=OutgoingEmail.Kind.REMINDER, reminder_day=today
    ).values("person")
    people = (
        Person.objects.emailable()
        .filter(ownerships__action__in=due_soon)
        .exclude(pk__in=already)
        .distinct()
    )
    queued = 0
    for person in people:
        owned = due_soon.open_for(person)
        with _in_language_of(person):
            lead = [action_line(a, person) for a in owned["lead_actions"]]
            other = [action_line(a, person) for a in owned["other_actions"]]
            count = len(lead) + len(other)
            subject = ngettext(
                "Reminder: %(count)d of your actions is overdue or due within %(days)d days",
                "Reminder: %(count)d of your actions are overdue or due within %(days)d days",
                count,
            ) % {"count": count, "days": settings.COFLIGHT_REMINDER_DAYS}
            email = _compose(
                person,
                OutgoingEmail.Kind.REMINDER,
                subject,
                "reminder_email",
                {
                    "lead": lead,
                    "other": other,
                    "days": settings.COFLIGHT_REMINDER_DAYS,
                    "today": today,
                },
                reminder_day=today,
            )
        try:
            with transaction.atomic():
                email.save()
        except IntegrityError:
            continue  # a run alongside this one queued it first
        queued += 1
    return queued


# Minutes


@dataclass
class MinutesRecipients:
    recipients: list[Person] = field(default_factory=list)
    without_address: list[Person] = field(default_factory=list)
    opted_out: list[Person] = field(default_factory=list)
    # Listed by a name that fits several people: nobody knows whom to send it to.
    unidentified: list[str] = field(default_factory=list)

    @property
    def skipped_count(self) -> int:
        return len(self.without_address) + len(self.opted_out) + len(self.unidentified)


def minutes_recipients(meeting: Meeting) -> MinutesRecipients:
    """Who gets the minutes: the attendees and the invitees, each once, with an address and
    not opted out."""
    result = MinutesRecipients()
    people: dict[int, Person] = {}
    for attendance in meeting.attendances.all():
        if attendance.person is None:
            result.unidentified.append(attendance.written_as)
        else:
            people.setdefault(attendance.person.pk, attendance.person)
    for invitation in meeting.invitations.all():
        people.setdefault(invitation.person.pk, invitation.person)
    for person in people.values():
        if not person.email:
            result.without_address.append(person)
        elif person.email_opt_out:
            result.opted_out.append(person)
        else:
            result.recipients.append(person)
    return result


def send_minutes(meeting_pk: int) -> tuple[int, Delivery]:
    """Queues the report for every recipient, then tries to send it at once."""
    meeting = Decision.objects.placed_in(
        Action.objects.for_display().placed_in(Meeting.objects.for_report())
    ).get(pk=meeting_pk)
    recipients = minutes_recipients(meeting).recipients
    if not recipients:
        return 0, Delivery()
    actions = list(Action.objects.filter(meeting=meeting).for_display().in_report_order())
    reports: dict[str, tuple[str, str, str]] = {}

    def report_in(language: str) -> tuple[str, str, str]:
        """The report and the subject, rendered once for each language the recipients read."""
        if language not in reports:
            report_html = render_to_string(
                "notifications/minutes_email.html#report",
                {"meeting": meeting, "meeting_url": absolute(meeting.get_absolute_url())},
            )
            subject = _("Minutes: %(title)s, %(date)s") % {
                "title": meeting.title,
                "date": _day(meeting.date),
            }
            reports[language] = (report_html, meeting_text(meeting), subject)
        return reports[language]

    emails = []
    for person in recipients:
        with _in_language_of(person):
            report_html, report_text, subject = report_in(translation.get_language())
            theirs = [
                a for a in actions if any(o.person_id == person.pk for o in a.ownerships.all())
            ]
            lines = [action_line(a, person) for a in theirs]
            lines.sort(key=lambda line: not line.led)
            emails.append(
                _compose(
                    person,
                    OutgoingEmail.Kind.MINUTES,
                    subject,
                    "minutes_email",
                    {
                        "meeting": meeting,
                        "meeting_url": absolute(meeting.get_absolute_url()),
                        "lines": lines,
                        "report_html": mark_safe(report_html),  # rendered, and escaped, above
                        "report_text": report_text,
                    },
                    meeting=meeting,
                )
            )
    created = OutgoingEmail.objects.bulk_create(emails)
    return len(created), deliver(OutgoingEmail.objects.filter(pk__in=[e.pk for e in created]))

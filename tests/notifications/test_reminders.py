import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from coflight.actions.models import Action
from coflight.notifications import emails, outbox
from coflight.notifications.models import OutgoingEmail
from tests.factories import make_action, make_meeting, make_person

from .conftest import text_and_html

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def send_reminders() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def helenes_actions(helene, bob):
    meeting = make_meeting(date=days(-30), title="Kick-off")
    next_call = make_meeting(date=days(3), title="Weekly call")
    actions = {
        "overdue": make_action(meeting=meeting, text="Overdue", owners=[helene], due_date=days(-2)),
        "today": make_action(meeting=meeting, text="Due today", owners=[helene, bob], lead=bob),
        "at call": make_action(
            meeting=meeting, text="Due at the call", owners=[helene], due_meeting=next_call
        ),
        "led": make_action(
            meeting=meeting, text="Led", owners=[bob, helene], lead=helene, due_date=days(7)
        ),
        "later": make_action(meeting=meeting, text="Later", owners=[helene], due_date=days(8)),
        "undated": make_action(meeting=meeting, text="Undated", owners=[helene]),
        "done": make_action(
            meeting=meeting,
            text="Done",
            owners=[helene],
            due_date=days(-1),
            status=Action.Status.DONE,
        ),
    }
    actions["today"].set_due(days(0), None)
    # they were told of these when they became owners; only the reminders matter here
    emails.flush_assignments(now=timezone.now() + datetime.timedelta(minutes=6))
    OutgoingEmail.objects.all().delete()
    return actions


def reminder_for(mailoutbox, address: str):
    [message] = [m for m in mailoutbox if m.to[0].endswith(f"<{address}>")]
    return message


def test_each_person_gets_one_digest_of_what_is_overdue_or_due_within_a_week(
    mailoutbox, helenes_actions
):
    assert "2 reminders queued; 2 sent" in send_reminders()
    message = reminder_for(mailoutbox, "helene@example.org")
    assert message.subject == "Reminder: 4 of your actions are overdue or due within 7 days"
    text, html = text_and_html(message)
    assert "These open actions of yours are overdue or due within the next 7 days." in text
    for shown in ("Overdue", "Due today", "Due at the call", "Led"):
        assert f"* {shown}\n" in text
    for hidden in ("Later", "Undated", "Done"):
        assert f"* {hidden}\n" not in text
        assert hidden not in html


def test_the_actions_they_lead_come_first(mailoutbox, helenes_actions):
    send_reminders()
    text, html = text_and_html(reminder_for(mailoutbox, "helene@example.org"))
    assert text.index("Actions you lead") < text.index("* Led") < text.index("Actions you co-own")
    # then soonest due first
    assert text.index("* Overdue") < text.index("* Due today") < text.index("* Due at the call")
    assert html.index("Actions you lead") < html.index("Led</p>") < html.index("Actions you co-own")


def test_overdue_actions_say_so(mailoutbox, helenes_actions):
    send_reminders()
    text, html = text_and_html(reminder_for(mailoutbox, "helene@example.org"))
    overdue = helenes_actions["overdue"]
    assert f"  Overdue. Due by {overdue.due_date:%-d %B %Y}\n" in text
    assert "Overdue.</strong>" in html
    assert f"Due at Weekly call, {days(3):%-d %B %Y}" in text


def test_bob_hears_only_of_his_own(mailoutbox, helenes_actions):
    send_reminders()
    message = reminder_for(mailoutbox, "bob@example.org")
    assert message.subject == "Reminder: 2 of your actions are overdue or due within 7 days"
    text, _html = text_and_html(message)
    assert text.index("* Due today") < text.index("* Led")


def test_running_it_twice_on_the_same_day_sends_nothing_more(mailoutbox, helenes_actions):
    send_reminders()
    assert len(mailoutbox) == 2
    assert "0 reminders queued; 0 sent" in send_reminders()
    assert len(mailoutbox) == 2


def test_the_next_day_brings_the_next_digest(mailoutbox, helenes_actions):
    assert emails.queue_reminders() == 2
    assert emails.queue_reminders(today=days(1)) == 2
    outbox.deliver()
    assert len(mailoutbox) == 4


def test_the_database_refuses_a_second_reminder_for_the_same_day(helenes_actions, helene):
    emails.queue_reminders()
    with pytest.raises(IntegrityError):
        OutgoingEmail.objects.create(
            person=helene,
            kind=OutgoingEmail.Kind.REMINDER,
            reminder_day=timezone.localdate(),
            subject="Again",
            text="",
            html="",
        )


def test_people_without_an_address_or_who_opted_out_get_none(mailoutbox, helenes_actions, helene):
    helene.unsubscribe()
    nadia = make_person("Nadia")
    make_action(meeting=helenes_actions["overdue"].meeting, owners=[nadia], due_date=days(-1))
    send_reminders()
    assert [m.to[0] for m in mailoutbox] == ["Bob Martin <bob@example.org>"]


def test_nobody_is_reminded_of_nothing(mailoutbox, helene):
    make_action(owners=[helene], due_date=days(30))
    emails.flush_assignments(now=timezone.now() + datetime.timedelta(minutes=6))
    OutgoingEmail.objects.all().delete()
    assert emails.queue_reminders() == 0


def test_the_seed_report_reminds_nobody_since_nobody_in_it_has_an_address(report, mailoutbox):
    assert "0 reminders queued; 0 sent" in send_reminders()
    assert mailoutbox == []

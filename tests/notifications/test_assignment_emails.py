import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import AgendaItem
from coflight.notifications import emails, outbox
from coflight.notifications.models import OutgoingEmail, PendingAssignment
from tests.conftest import HTMX, action_no, person
from tests.factories import make_action, make_meeting, make_person

from .conftest import settled, tell_owners, text_and_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def plenary():
    return make_meeting(date=datetime.date(2026, 3, 12), title="Plenary of March")


def test_a_new_owner_hears_of_the_action_once_the_changes_have_settled(
    mailoutbox, helene, bob, plenary
):
    item = AgendaItem.objects.create(meeting=plenary, label="2", title="Roadmap")
    due_at = make_meeting(date=datetime.date(2026, 4, 9), title="Plenary of April")
    action = make_action(meeting=plenary, agenda_item=item, text="Draft the roadmap", owners=[bob])
    action.set_due(None, due_at)
    tell_owners()
    mailoutbox.clear()

    action.add_owner(helene, lead=True)
    assert emails.flush_assignments() == 0  # not yet: more changes may follow
    assert mailoutbox == []

    tell_owners()
    [message] = mailoutbox
    assert message.to == ["=?utf-8?b?SMOpbMOobmUgTGHDr2s=?= <helene@example.org>"]
    assert message.subject == "New action for you: Draft the roadmap"
    text, html = text_and_html(message)
    assert "You are now an owner of this action:" in text
    assert "* Draft the roadmap\n  You lead it. Other owners: Bob Martin." in text
    assert "Due at Plenary of April, 9 April 2026" in text
    assert "From Plenary of March, 12 March 2026 · item 2) Roadmap" in text
    assert f"http://127.0.0.1:8000/actions/{action.pk}/" in text
    assert "<strong>You lead it.</strong> Other owners: Bob Martin." in html
    assert f'href="http://127.0.0.1:8000/actions/{action.pk}/"' in html
    assert not PendingAssignment.objects.exists()


def test_bob_who_owned_it_already_is_not_told_again(mailoutbox, helene, bob, plenary):
    action = make_action(meeting=plenary, owners=[bob])
    tell_owners()
    mailoutbox.clear()
    action.add_owner(helene)
    tell_owners()
    assert [m.to[0].endswith("<helene@example.org>") for m in mailoutbox] == [True]


def test_several_changes_within_minutes_make_one_email(mailoutbox, helene, bob, plenary):
    first = make_action(meeting=plenary, text="First", owners=[bob])
    second = make_action(meeting=plenary, text="Second", due_date=datetime.date(2026, 3, 20))
    third = make_action(meeting=plenary, text="Third")
    tell_owners()
    mailoutbox.clear()

    first.add_owner(helene)
    second.add_owner(helene)
    third.add_owner(helene)
    third.set_lead(third.ownerships.get(person=helene))

    tell_owners()
    [message] = mailoutbox
    assert message.subject == "3 new actions for you"
    text, _html = text_and_html(message)
    assert "You are now an owner of these 3 actions:" in text
    # the one she leads first, then the soonest due
    assert text.index("* Third") < text.index("* Second") < text.index("* First")
    assert text.count("You lead it.") == 1


def test_a_change_within_the_wait_restarts_it(mailoutbox, helene, plenary):
    first = make_action(meeting=plenary, text="First")
    second = make_action(meeting=plenary, text="Second")
    first.add_owner(helene)
    PendingAssignment.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=4))
    second.add_owner(helene)

    assert emails.flush_assignments(now=timezone.now() + datetime.timedelta(minutes=2)) == 0
    assert emails.flush_assignments(now=settled()) == 1
    outbox.deliver()
    [message] = mailoutbox
    assert message.subject == "2 new actions for you"


def test_someone_removed_again_before_the_email_hears_nothing(mailoutbox, helene, plenary):
    action = make_action(meeting=plenary)
    action.add_owner(helene)
    action.remove_owner(action.ownerships.get(person=helene))
    tell_owners()
    assert mailoutbox == []
    assert not PendingAssignment.objects.exists()


def test_an_action_already_closed_is_not_announced(mailoutbox, helene, plenary):
    action = make_action(meeting=plenary, status=Action.Status.DONE)
    action.add_owner(helene)
    tell_owners()
    assert mailoutbox == []


def test_each_new_owner_gets_their_own_email(mailoutbox, helene, bob, plenary):
    make_action(meeting=plenary, text="Together", owners=[helene, bob], lead=bob)
    tell_owners()
    by_address = {m.to[0].rsplit("<", 1)[1]: text_and_html(m)[0] for m in mailoutbox}
    assert set(by_address) == {"helene@example.org>", "bob@example.org>"}
    assert "You are an owner. Other owners: Bob Martin (lead)." in by_address["helene@example.org>"]
    assert "You lead it. Other owners: Hélène Laïk." in by_address["bob@example.org>"]


def test_settling_an_ambiguous_owner_tells_the_person_it_turned_out_to_be(
    mailoutbox, helene, plenary
):
    action = make_action(meeting=plenary)
    ownership = Ownership.objects.create(action=action, written_as="H.", position=1)
    tell_owners()
    assert mailoutbox == []
    ownership.person = helene
    ownership.save()
    tell_owners()
    [message] = mailoutbox
    assert message.subject.startswith("New action for you")


def test_changing_the_lead_alone_tells_nobody(mailoutbox, helene, bob, plenary):
    action = make_action(meeting=plenary, owners=[helene, bob])
    tell_owners()
    mailoutbox.clear()
    action.set_lead(action.ownerships.get(person=bob))
    tell_owners()
    assert mailoutbox == []


def test_people_without_an_address_are_skipped(mailoutbox, plenary):
    nobody = make_person("Nadia")
    make_action(meeting=plenary, owners=[nobody])
    tell_owners()
    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()
    assert not PendingAssignment.objects.exists()


def test_loading_the_report_tells_nobody(report, mailoutbox):
    assert not PendingAssignment.objects.exists()


def test_owners_added_on_the_action_page_are_told(client, member, mailoutbox):
    stuart = person("Stuart")
    stuart.set_email_preferences("stuart@example.org", opt_out=False)
    action = action_no(1)
    url = reverse("actions:add_owner", args=[action.pk])
    client.force_login(member)
    response = client.post(url, {"person": stuart.pk, "version": action.version}, **HTMX)
    assert response.status_code == 200
    assert mailoutbox == []  # the page does not wait for the mail server
    PendingAssignment.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=6))
    call_command("send_notifications", stdout=io.StringIO())
    [message] = mailoutbox
    assert action.text in message.body


def test_the_command_says_what_it_did(helene, plenary, capsys):
    make_action(meeting=plenary, owners=[helene])
    PendingAssignment.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=6))
    call_command("send_notifications")
    assert capsys.readouterr().out == (
        "1 new-action emails queued; 1 sent, 0 failed (to be retried), 0 no longer wanted.\n"
    )

"""Each email goes out in its recipient's language, whoever caused it and in whatever language
their page was: the same send writes French to one and English to another."""

import datetime

import pytest
from django.utils import timezone

from coflight.meetings.models import AgendaItem, Attendance
from coflight.notifications import emails, outbox
from tests.factories import make_action, make_meeting, make_organisation

from .conftest import tell_owners, text_and_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_helene(helene):
    helene.language = "fr"
    helene.save()
    return helene


@pytest.fixture
def workshop(french_helene, bob):
    meeting = make_meeting(
        date=datetime.date(2026, 5, 21),
        title="Spring workshop",
        starts_at=timezone.make_aware(datetime.datetime(2026, 5, 21, 9)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 5, 21, 17, 30)),
    )
    org = make_organisation("École d'essai")
    for position, someone in enumerate([french_helene, bob], 1):
        Attendance.objects.create(
            meeting=meeting, person=someone, organisation=org, position=position
        )
    item = AgendaItem.objects.create(meeting=meeting, label="1", title="Budget")
    make_action(
        meeting=meeting,
        agenda_item=item,
        text="Book the room",
        owners=[bob, french_helene],
        lead=french_helene,
        due_date=datetime.date(2026, 6, 1),
    )
    outbox.OutgoingEmail.objects.all().delete()
    return meeting


def to(mailoutbox, address: str):
    [message] = [m for m in mailoutbox if m.to[0].endswith(f"<{address}>")]
    return message


def test_the_minutes_go_out_in_french_and_in_english_in_the_same_send(
    client, staff, workshop, mailoutbox
):
    client.force_login(staff)
    client.post(f"/meetings/{workshop.pk}/minutes/email/send/", headers={"Accept-Language": "fr"})
    french, english = to(mailoutbox, "helene@example.org"), to(mailoutbox, "bob@example.org")
    assert french.subject == "Compte rendu\u00a0: Spring workshop, 21 mai 2026"
    assert english.subject == "Minutes: Spring workshop, 21 May 2026"
    text, html = text_and_html(french)
    assert '<html lang="fr">' in html
    assert "Vos actions issues de cette réunion" in text and "Vous la pilotez." in text
    assert "## Présents" in text and "- École d'essai\u00a0: Hélène Laïk, Bob Martin" in text
    assert "jeudi 21 mai 2026, de 9\u00a0h\u00a000 à 17\u00a0h\u00a030" in text
    assert "Your actions" not in text and "Present" not in text
    text, html = text_and_html(english)
    assert '<html lang="en">' in html
    assert "Your actions from this meeting" in text and "## Present" in text
    assert "Thursday 21 May 2026, from 09:00 til 17:30" in text
    assert "Présents" not in text


def test_a_new_action_is_told_in_the_owners_language(french_helene, bob, mailoutbox):
    make_action(text="Send the slides", owners=[french_helene])
    make_action(text="Book the train", owners=[french_helene])
    make_action(text="Print the badges", owners=[bob])
    tell_owners()
    assert to(mailoutbox, "helene@example.org").subject == "2 nouvelles actions pour vous"
    assert to(mailoutbox, "bob@example.org").subject == "New action for you: Print the badges"


def test_one_new_action_keeps_its_text_in_the_french_subject(french_helene, mailoutbox):
    make_action(text="Send the slides", owners=[french_helene])
    tell_owners()
    message = to(mailoutbox, "helene@example.org")
    assert message.subject == "Nouvelle action pour vous\u00a0: Send the slides"


def test_reminders_are_in_the_owners_language(french_helene, bob, mailoutbox):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_action(text="Send the slides", owners=[french_helene, bob], due_date=tomorrow)
    emails.queue_reminders()
    outbox.deliver()
    assert to(mailoutbox, "helene@example.org").subject.startswith("Rappel")
    assert to(mailoutbox, "bob@example.org").subject.startswith("Reminder")

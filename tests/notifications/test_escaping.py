"""Accents survive and markup stays text, in the plain-text and the HTML part of every email."""

import pytest
from django.utils import timezone

from coflight.meetings.models import AgendaItem, Attendance
from coflight.notifications import emails, outbox
from tests.factories import make_action, make_meeting, make_person

from .conftest import header, tell_owners, text_and_html

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def mailed(mailoutbox):
    jose = make_person("José", family_name="Müller-Ñúñez", email="jose@example.org")
    ines = make_person("Inès", family_name=f"<b>{SCRIPT}</b>", email="ines@example.org")
    meeting = make_meeting(date=timezone.localdate(), title="Réunion <i>plénière</i> & co")
    item = AgendaItem.objects.create(
        meeting=meeting, label="1", title=f"Été {SCRIPT}", minutes=f"Décidé: {SCRIPT}"
    )
    for someone in (jose, ines):
        Attendance.objects.create(meeting=meeting, person=someone)
    make_action(
        meeting=meeting,
        agenda_item=item,
        text=f"Préparer {SCRIPT}\nsur deux lignes",
        owners=[jose, ines],
        lead=ines,
        due_date=timezone.localdate(),
    )
    tell_owners()
    emails.queue_reminders()
    emails.send_minutes(meeting.pk)
    outbox.deliver()
    return [m for m in mailoutbox if "jose@" in m.to[0]]


def test_there_is_one_email_of_each_kind(mailed):
    assert [m.subject.split(":")[0] for m in mailed] == [
        "New action for you",
        "Minutes",
        "Reminder",
    ]


def test_the_plain_text_keeps_accents_and_markup_as_written(mailed):
    for message in mailed:
        text, _html = text_and_html(message)
        assert "Hello José," in text
        assert f"* Préparer {SCRIPT}\nsur deux lignes" in text
        assert f"Other owners: Inès <b>{SCRIPT}</b> (lead)." in text
        assert "José Müller-Ñúñez" in text
        assert "&lt;" not in text
        assert "&#x27;" not in text


def test_the_html_escapes_the_markup_and_keeps_the_accents(mailed):
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    for message in mailed:
        _text, html = text_and_html(message)
        assert "<script" not in html
        assert "<b>" not in html
        assert f"Préparer {escaped}<br>sur deux lignes" in html
        assert f"Other owners: Inès &lt;b&gt;{escaped}&lt;/b&gt; (lead)." in html
        assert "Hello José," in html


def test_the_minutes_escape_titles_and_paragraphs(mailed):
    [minutes] = [m for m in mailed if m.subject.startswith("Minutes")]
    text, html = text_and_html(minutes)
    assert "# Réunion <i>plénière</i> & co" in text
    assert f"Décidé: {SCRIPT}" in text
    assert "Réunion &lt;i&gt;plénière&lt;/i&gt; &amp; co</h1>" in html
    assert "Décidé: &lt;script&gt;" in html


def test_headers_carry_the_accents(mailed):
    for message in mailed:
        assert header(message, "To") == "José Müller-Ñúñez <jose@example.org>"
    [assignment, minutes, _reminder] = mailed
    assert header(assignment, "Subject") == f"New action for you: Préparer {SCRIPT} sur deux lignes"
    assert header(minutes, "Subject").startswith("Minutes: Réunion <i>plénière</i> & co, ")


def test_a_name_with_markup_is_a_name_in_the_header_too(mailoutbox):
    ines = make_person("Inès", family_name="<b>O'Brien, Jr</b>", email="ines@example.org")
    make_action(owners=[ines])
    tell_owners()
    [message] = mailoutbox
    assert header(message, "To") == '"Inès <b>O\'Brien, Jr</b>" <ines@example.org>'

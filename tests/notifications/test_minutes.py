import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coflight.meetings.models import AgendaItem, Attendance, Invitation
from coflight.notifications.models import OutgoingEmail
from tests.conftest import text_of
from tests.factories import make_action, make_meeting, make_organisation, make_person

from .conftest import text_and_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(helene, bob):
    meeting = make_meeting(date=datetime.date(2026, 5, 21), title="Spring workshop")
    org = make_organisation("École d'essai")
    nadia = make_person("Nadia", family_name="Benali")
    zoe = make_person("Zoé", family_name="Roux", email="zoe@example.org", email_opt_out=True)
    for position, someone in enumerate([helene, bob, nadia, zoe], 1):
        Attendance.objects.create(
            meeting=meeting, person=someone, organisation=org, position=position
        )
    item = AgendaItem.objects.create(
        meeting=meeting, label="1", title="Budget", minutes="The budget was agreed."
    )
    make_action(meeting=meeting, agenda_item=item, text="Send the budget", owners=[bob])
    make_action(
        meeting=meeting,
        agenda_item=item,
        text="Book the room",
        owners=[bob, helene],
        lead=helene,
        due_date=datetime.date(2026, 6, 1),
    )
    OutgoingEmail.objects.all().delete()
    return meeting


def confirm_url(meeting) -> str:
    return reverse("meetings:minutes_confirm", args=[meeting.pk])


def send_url(meeting) -> str:
    return reverse("meetings:minutes_send", args=[meeting.pk])


def test_the_confirmation_shows_who_will_receive_them_and_who_is_skipped(client, staff, workshop):
    client.force_login(staff)
    response = client.get(confirm_url(workshop))
    assert response.status_code == 200
    page = text_of(response)
    assert "Who will receive them 2" in page
    assert "Hélène Laïk <helene@example.org> Bob Martin <bob@example.org> Skipped" in page
    assert "Skipped 2 Nadia Benali: no email address Zoé Roux: asked for no email" in page
    assert "Send the minutes to 2 people" in page


def test_sending_gives_every_attendee_with_an_address_the_report(
    client, staff, workshop, mailoutbox
):
    client.force_login(staff)
    response = client.post(send_url(workshop), follow=True)
    assert response.redirect_chain == [(workshop.get_absolute_url(), 302)]
    assert "The minutes were sent to 2 people." in text_of(response)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "=?utf-8?b?SMOpbMOobmUgTGHDr2s=?= <helene@example.org>",
        "Bob Martin <bob@example.org>",
    ]
    for message in mailoutbox:
        assert message.subject == "Minutes: Spring workshop, 21 May 2026"
        text, html = text_and_html(message)
        assert "# Spring workshop, 21 May 2026" in text
        assert "- École d'essai: Hélène Laïk, Bob Martin, Nadia Benali, Zoé Roux" in text
        assert "The budget was agreed." in text
        assert "The budget was agreed." in html
        assert "<li>École d&#x27;essai: Hélène Laïk, Bob Martin, Nadia Benali, Zoé Roux</li>" in (
            html
        )
        assert f'href="http://127.0.0.1:8000/meetings/{workshop.pk}/"' in html


def test_invitees_get_them_too_and_nobody_gets_two(client, staff, workshop, helene, mailoutbox):
    excused = make_person("Inès", family_name="Faure", email="ines@example.org")
    Invitation.objects.create(meeting=workshop, person=excused, absence="excused")
    Invitation.objects.create(meeting=workshop, person=helene)  # invited, and came
    client.force_login(staff)
    page = text_of(client.get(confirm_url(workshop)))
    assert "Who will receive them 3" in page
    assert "Inès Faure <ines@example.org>" in page
    client.post(send_url(workshop))
    assert sorted(m.to[0] for m in mailoutbox) == [
        "=?utf-8?b?SMOpbMOobmUgTGHDr2s=?= <helene@example.org>",
        "=?utf-8?q?In=C3=A8s_Faure?= <ines@example.org>",
        "Bob Martin <bob@example.org>",
    ]


def test_each_recipient_finds_their_own_actions_at_the_top(client, staff, workshop, mailoutbox):
    client.force_login(staff)
    client.post(send_url(workshop))
    bobs = next(m for m in mailoutbox if "bob@" in m.to[0])
    text, html = text_and_html(bobs)
    top = text.index("Your actions from this meeting")
    assert top < text.index("* Send the budget") < text.index("# Spring workshop")
    assert text.index("* Book the room\n  You are an owner. Other owners: Hélène Laïk (lead).")
    assert html.index("Your actions from this meeting") < html.index("<h1")
    helenes, _html = text_and_html(next(m for m in mailoutbox if "helene@" in m.to[0]))
    # she leads one, so it comes first; the one she does not own is not at her top
    mine = helenes[: helenes.index("# Spring workshop")]
    assert "* Book the room\n  You lead it." in mine
    assert "Send the budget" not in mine


def test_a_meeting_without_addresses_sends_nothing_and_says_so(client, staff, report, mailoutbox):
    client.force_login(staff)
    page = text_of(client.get(confirm_url(report)))
    assert "Who will receive them 0 Nobody" in page
    assert "Skipped 29" in page
    assert "Send the minutes to" not in page
    response = client.post(send_url(report), follow=True)
    assert "nothing sent" in text_of(response)
    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()


def test_a_second_send_is_announced_on_the_confirmation(client, staff, workshop):
    client.force_login(staff)
    client.post(send_url(workshop))
    assert "The minutes were already sent on" in text_of(client.get(confirm_url(workshop)))


def test_a_failed_send_does_not_break_the_request_and_is_retried(
    client, staff, workshop, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"
    client.force_login(staff)
    response = client.post(send_url(workshop), follow=True)
    assert response.status_code == 200
    assert "2 emails could not be sent now; they will be tried again." in text_of(response)
    assert "the mail server is down" in caplog.text
    assert OutgoingEmail.objects.filter(status="queued", attempts=1).count() == 2
    queued = OutgoingEmail.objects.first()
    assert queued is not None
    assert "ConnectionRefusedError" in queued.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "0 failed" in out.getvalue()
    assert len([m for m in mailoutbox if m.subject.startswith("Minutes")]) == 2
    assert OutgoingEmail.objects.filter(kind="minutes", status="sent").count() == 2


def test_after_many_failures_coflight_gives_up(workshop, staff, settings, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"
    client = Client()
    client.force_login(staff)
    client.post(send_url(workshop))
    OutgoingEmail.objects.update(attempts=OutgoingEmail.MAX_ATTEMPTS - 1)
    call_command("send_notifications", stdout=io.StringIO())
    assert OutgoingEmail.objects.filter(status="failed").count() == 2
    assert "giving up" in caplog.text


def test_only_staff_see_the_link_on_the_meeting_page(client, staff, member, workshop):
    link = f'href="{confirm_url(workshop)}"'
    assert link not in client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(member)
    assert link not in client.get(workshop.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert link in client.get(workshop.get_absolute_url()).content.decode()


def test_the_confirmation_takes_few_queries(client, staff, workshop, assert_queries):
    client.force_login(staff)
    # session, user, user permissions, group permissions; the meeting, its attendees and its
    # invitees; when the minutes were last sent
    with assert_queries(8):
        assert client.get(confirm_url(workshop)).status_code == 200


# Refusals


@pytest.mark.parametrize("url", [confirm_url, send_url])
def test_anonymous_visitors_are_sent_to_sign_in(client, workshop, url, mailoutbox):
    response = client.post(url(workshop)) if url is send_url else client.get(url(workshop))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert mailoutbox == []


@pytest.mark.parametrize("url", [confirm_url, send_url])
def test_members_who_are_not_staff_are_refused(client, member, workshop, url, mailoutbox):
    client.force_login(member)
    response = client.post(url(workshop)) if url is send_url else client.get(url(workshop))
    assert response.status_code == 403
    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()


def test_get_does_not_send(client, staff, workshop, mailoutbox):
    client.force_login(staff)
    assert client.get(send_url(workshop)).status_code == 405
    assert client.post(confirm_url(workshop)).status_code == 405
    assert mailoutbox == []


def test_an_unknown_meeting_is_a_404(client, staff, db):
    client.force_login(staff)
    assert client.get("/meetings/987654/minutes/email/").status_code == 404
    assert client.post("/meetings/987654/minutes/email/send/").status_code == 404


def test_a_post_without_csrf_token_is_refused(staff, workshop, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(send_url(workshop)).status_code == 403
    assert mailoutbox == []

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coflight.meetings.models import Attendance
from coflight.notifications import emails, outbox, tokens
from coflight.notifications.models import OutgoingEmail, PendingAssignment
from tests.conftest import text_of
from tests.factories import make_action, make_meeting

from .conftest import tell_owners, text_and_html

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    text, html = text_and_html(message)
    [url] = re.findall(r"Unsubscribe from all coflight email: (\S+)", text)
    assert f'href="{url}"' in html
    return url.removeprefix("http://127.0.0.1:8000")


def test_every_kind_of_email_has_an_unsubscribe_link_and_header(helene, mailoutbox):
    meeting = make_meeting(date=timezone.localdate())
    Attendance.objects.create(meeting=meeting, person=helene)
    make_action(meeting=meeting, owners=[helene], due_date=timezone.localdate())
    tell_owners()
    emails.queue_reminders()
    emails.send_minutes(meeting.pk)
    outbox.deliver()
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "New action for you",
        "Minutes",
        "Reminder",
    ]
    token = tokens.unsubscribe_token(helene)
    for message in mailoutbox:
        assert link_in(message) == f"/email/unsubscribe/{token}/"
        assert message.extra_headers["List-Unsubscribe"] == (
            f"<http://127.0.0.1:8000/email/unsubscribe/{token}/one-click/>"
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_link_needs_no_sign_in_and_one_button_unsubscribes(client, helene, settings):
    settings.COFLIGHT_PUBLIC_READ = False  # even where reading needs a sign-in
    token = tokens.unsubscribe_token(helene)
    page = client.get(f"/email/unsubscribe/{token}/")
    assert page.status_code == 200
    assert "Stop all email from coflight to Hélène Laïk" in text_of(page)
    response = client.post(f"/email/unsubscribe/{token}/confirm/", follow=True)
    assert "You are unsubscribed" in text_of(response)
    assert "coflight sends no email to Hélène Laïk" in text_of(response)
    helene.refresh_from_db()
    assert helene.email_opt_out
    assert helene.email == "helene@example.org"


def test_the_link_never_subscribes_again_only_the_person_signed_in_does(client, helene):
    # Anyone holding an old email could otherwise undo the opt-out.
    helene.unsubscribe()
    token = tokens.unsubscribe_token(helene)
    page = text_of(client.get(f"/email/unsubscribe/{token}/"))
    assert "To receive coflight's emails again, sign in and change it on your page." in page
    assert "Receive coflight's emails again" not in page
    client.post(f"/email/unsubscribe/{token}/confirm/", {"subscribe": "1"})
    helene.refresh_from_db()
    assert helene.email_opt_out


def test_revoked_links_stop_working_and_new_emails_carry_new_ones(client, helene):
    old = tokens.unsubscribe_token(helene)
    helene.revoke_email_links()
    assert client.get(f"/email/unsubscribe/{old}/").status_code == 404
    assert client.post(f"/email/unsubscribe/{old}/one-click/").status_code == 404
    new = tokens.unsubscribe_token(helene)
    assert new != old
    assert client.get(f"/email/unsubscribe/{new}/").status_code == 200
    helene.refresh_from_db()
    assert not helene.email_opt_out


def test_a_new_address_revokes_the_links_sent_to_the_old_one(client, helene):
    old = tokens.unsubscribe_token(helene)
    helene.set_email_preferences("helene@elsewhere.example", opt_out=False)
    assert client.get(f"/email/unsubscribe/{old}/").status_code == 404
    helene.set_email_preferences("helene@elsewhere.example", opt_out=True)
    assert client.get(f"/email/unsubscribe/{tokens.unsubscribe_token(helene)}/").status_code == 200


def test_staff_revoke_the_links_in_the_admin(client, superuser, helene):
    old = tokens.unsubscribe_token(helene)
    client.force_login(superuser)
    response = client.post(
        "/admin/people/person/",
        {"action": "revoke_email_links", "_selected_action": [helene.pk]},
        follow=True,
    )
    assert "no longer work" in text_of(response)
    assert Client().get(f"/email/unsubscribe/{old}/").status_code == 404


def test_mail_programs_unsubscribe_in_one_click_without_a_csrf_token(helene):
    client = Client(enforce_csrf_checks=True)
    token = tokens.unsubscribe_token(helene)
    response = client.post(
        f"/email/unsubscribe/{token}/one-click/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    helene.refresh_from_db()
    assert helene.email_opt_out


def test_a_link_scanner_following_the_links_unsubscribes_nobody(client, helene):
    token = tokens.unsubscribe_token(helene)
    assert client.get(f"/email/unsubscribe/{token}/").status_code == 200
    assert client.get(f"/email/unsubscribe/{token}/one-click/").status_code == 405
    assert client.get(f"/email/unsubscribe/{token}/confirm/").status_code == 405
    helene.refresh_from_db()
    assert not helene.email_opt_out


@pytest.mark.parametrize(
    "token", ["nonsense", "MQ:1xXo7b:forged", "Mjk5OTk5:1xXo7b:nKyC9iOczfLTENqCniEM6t"]
)
@pytest.mark.parametrize("step", ["", "confirm/", "one-click/"])
def test_a_bad_or_forged_token_is_a_404_and_changes_nothing(client, helene, token, step):
    url = f"/email/unsubscribe/{token}/{step}"
    response = client.post(url) if step else client.get(url)
    assert response.status_code == 404
    helene.refresh_from_db()
    assert not helene.email_opt_out


def test_a_token_for_someone_since_deleted_is_a_404(client, helene):
    token = tokens.unsubscribe_token(helene)
    helene.delete()
    assert client.get(f"/email/unsubscribe/{token}/").status_code == 404


def test_a_token_signed_for_something_else_is_refused(client, helene):
    from django.core import signing

    token = signing.dumps(helene.pk, salt="something else")
    assert client.get(f"/email/unsubscribe/{token}/").status_code == 404


def test_the_page_form_needs_its_csrf_token(helene):
    client = Client(enforce_csrf_checks=True)
    token = tokens.unsubscribe_token(helene)
    assert client.post(f"/email/unsubscribe/{token}/confirm/").status_code == 403
    helene.refresh_from_db()
    assert not helene.email_opt_out


def test_opting_out_stops_every_kind_of_email(client, staff, helene, bob, mailoutbox):
    meeting = make_meeting(date=timezone.localdate())
    for someone in (helene, bob):
        Attendance.objects.create(meeting=meeting, person=someone)
    helene.unsubscribe()
    make_action(meeting=meeting, owners=[helene, bob], due_date=timezone.localdate())
    tell_owners()
    emails.queue_reminders()
    client.force_login(staff)
    client.post(reverse("meetings:minutes_send", args=[meeting.pk]))
    outbox.deliver()
    assert {m.to[0] for m in mailoutbox} == {"Bob Martin <bob@example.org>"}
    assert len(mailoutbox) == 3


def test_an_email_queued_before_the_opt_out_is_not_sent(helene, mailoutbox):
    make_action(owners=[helene])
    emails.flush_assignments(now=timezone.now() + datetime.timedelta(minutes=6))
    assert OutgoingEmail.objects.filter(status="queued").count() == 1
    helene.unsubscribe()
    delivery = outbox.deliver()
    assert delivery.cancelled == 1
    assert mailoutbox == []
    assert OutgoingEmail.objects.get().status == "cancelled"
    assert not PendingAssignment.objects.exists()


def test_the_page_takes_one_query(client, helene, assert_queries):
    token = tokens.unsubscribe_token(helene)
    with assert_queries(1):  # the person
        assert client.get(f"/email/unsubscribe/{token}/").status_code == 200

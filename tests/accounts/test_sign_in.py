import re

import pytest
from django.core import mail

from tests.conftest import text_of

pytestmark = pytest.mark.django_db


def test_signing_in_takes_a_member_to_the_page_they_wanted(client, member, report):
    page = client.get("/accounts/login/?next=/meetings/1/")
    assert page.status_code == 200
    assert "Please sign in to see that page." in text_of(page)
    response = client.post(
        "/accounts/login/",
        {"username": "jeanpierre", "password": "pw-jeanpierre-123", "next": "/meetings/1/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/meetings/1/"


def test_signing_in_without_a_destination_goes_to_my_actions(client, member):
    response = client.post(
        "/accounts/login/", {"username": "jeanpierre", "password": "pw-jeanpierre-123"}
    )
    assert response["Location"] == "/actions/mine/"


def test_a_wrong_password_is_told_and_signs_no_one_in(client, member):
    response = client.post("/accounts/login/", {"username": "jeanpierre", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in text_of(response)
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_offers_sign_in_or_my_actions_and_sign_out(client, member):
    assert "Sign in" in text_of(client.get("/"))
    client.force_login(member)
    page = text_of(client.get("/"))
    assert "My actions" in page
    assert "Sign out" in page


def test_changing_ones_password(client, member):
    client.force_login(member)
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pw-jeanpierre-123",
            "new_password1": "a-much-Longer-pass-2026",
            "new_password2": "a-much-Longer-pass-2026",
        },
    )
    assert response["Location"] == "/accounts/password_change/done/"
    member.refresh_from_db()
    assert member.check_password("a-much-Longer-pass-2026")


def test_resetting_a_forgotten_password_by_email(client, member):
    member.email = "jp@example.org"
    member.save()
    response = client.post("/accounts/password_reset/", {"email": "jp@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your coflight password"
    assert isinstance(message.body, str)
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match
    link = match.group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in text_of(form)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Another-long-pass-77", "new_password2": "Another-long-pass-77"},
    )
    assert response["Location"] == "/accounts/reset/done/"
    member.refresh_from_db()
    assert member.check_password("Another-long-pass-77")


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, member):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []

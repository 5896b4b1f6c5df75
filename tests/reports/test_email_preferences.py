import pytest
from django.test import Client
from django.urls import reverse

from coflight.people.models import Person
from tests.conftest import person, text_of

pytestmark = pytest.mark.django_db


def jean_pierre() -> Person:
    return person("Jean-Pierre")


def url(someone: Person) -> str:
    return reverse("people:email", args=[someone.pk])


def test_someone_sets_their_address_and_preference_on_their_own_page(client, member):
    client.force_login(member)
    page = client.get(jean_pierre().get_absolute_url())
    assert "Save my email settings" in text_of(page)
    response = client.post(url(jean_pierre()), {"email": " jp@example.org "}, follow=True)
    assert response.redirect_chain == [(f"{jean_pierre().get_absolute_url()}#email-heading", 302)]
    assert "Saved: coflight will email jp@example.org about your actions." in text_of(response)
    assert 'value="jp@example.org"' in response.content.decode()
    assert (jean_pierre().email, jean_pierre().email_opt_out) == ("jp@example.org", False)

    client.post(url(jean_pierre()), {"email": "jp@example.org", "email_opt_out": "on"})
    assert (jean_pierre().email, jean_pierre().email_opt_out) == ("jp@example.org", True)
    client.post(url(jean_pierre()), {"email": ""})
    assert (jean_pierre().email, jean_pierre().email_opt_out) == ("", False)


def test_a_bad_address_is_explained_and_changes_nothing(client, member):
    client.force_login(member)
    client.post(url(jean_pierre()), {"email": "jp@example.org"})
    response = client.post(url(jean_pierre()), {"email": "jp at bull", "email_opt_out": "on"})
    assert response.status_code == 400
    assert "That is not an email address, e.g. ann@example.org." in text_of(response)
    assert (jean_pierre().email, jean_pierre().email_opt_out) == ("jp@example.org", False)


def test_the_address_is_shown_to_nobody_else(client, member, outsider):
    jean_pierre().set_email_preferences("jp@example.org", opt_out=False)
    page = jean_pierre().get_absolute_url()
    assert "jp@example.org" not in client.get(page).content.decode()
    client.force_login(outsider)
    response = client.get(page)
    assert "jp@example.org" not in response.content.decode()
    assert "Save my email settings" not in text_of(response)
    client.force_login(member)
    assert "Save my email settings" not in text_of(client.get(person("Stuart").get_absolute_url()))


def test_staff_edit_both_in_the_admin(client, staff, report):
    client.force_login(staff)
    samir = person("Samir")
    response = client.post(
        f"/admin/people/person/{samir.pk}/change/",
        {
            "given_name": "Samir",
            "family_name": "",
            "organisation": samir.organisation_id,
            "email": "samir@example.org",
            "email_opt_out": "on",
        },
    )
    assert response.status_code == 302
    samir.refresh_from_db()
    assert (samir.email, samir.email_opt_out) == ("samir@example.org", True)


def test_the_seed_report_gives_nobody_an_address(report):
    assert not Person.objects.exclude(email="").exists()


def test_their_own_page_takes_no_more_queries(client, member, assert_queries):
    client.force_login(member)
    page = jean_pierre().get_absolute_url()
    # signed in (session, user, permissions, groups' permissions); is it their own page? (it is,
    # so theirs alone: not shared); the person, the revision its live updates start from, and
    # their record
    with assert_queries(4 + 1 + 1 + 1 + 7):
        assert client.get(page).status_code == 200


# Refusals


def test_anonymous_visitors_are_sent_to_sign_in(client, report):
    response = client.post(url(jean_pierre()), {"email": "x@example.org"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={jean_pierre().get_absolute_url()}"
    assert jean_pierre().email == ""


def test_someone_else_is_refused(client, outsider, staff, report, caplog):
    for user in (outsider, staff):
        client.force_login(user)
        assert client.post(url(jean_pierre()), {"email": "x@example.org"}).status_code == 403
    assert jean_pierre().email == ""
    assert "may not change the email of person" in caplog.text


def test_get_is_not_allowed(client, member):
    client.force_login(member)
    assert client.get(url(jean_pierre())).status_code == 405


def test_an_unknown_person_is_a_404(client, member):
    client.force_login(member)
    assert client.post("/people/987654/email/", {"email": "x@example.org"}).status_code == 404


def test_a_post_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(url(jean_pierre()), {"email": "x@example.org"}).status_code == 403
    assert jean_pierre().email == ""

"""Every view that changes an action, against every kind of visitor."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import HTMX, action_no, person

pytestmark = pytest.mark.django_db

EDIT_VIEWS = ["status", "due", "text", "add_owner", "remove_owner", "lead"]


def valid_data(name: str, action) -> dict:
    owner = action.ownerships.first()
    data: dict[str, dict] = {
        "status": {"status": "done"},
        "due": {"due_date": "2013-07-01"},
        "text": {"text": "Changed"},
        "add_owner": {"person": person("Stuart").pk},
        "remove_owner": {"ownership": owner.pk},
        "lead": {"ownership": action.ownerships.filter(is_lead=False).first().pk},
    }
    return data[name] | {"version": action.version}


def unchanged(action) -> bool:
    fresh = type(action).objects.get(pk=action.pk)
    return fresh.version == action.version


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, report, name):
    action = action_no(1)
    url = reverse(f"actions:{name}", args=[action.pk])
    response = client.post(url, valid_data(name, action) | {"next": "/meetings/1/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/meetings/1/"
    assert unchanged(action)


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_anonymous_htmx_requests_get_403_with_a_message(client, report, name):
    action = action_no(1)
    url = reverse(f"actions:{name}", args=[action.pk])
    response = client.post(url, valid_data(name, action), **HTMX)
    assert response.status_code == 403
    assert "Sign in to change actions." in response.content.decode()
    assert response["HX-Retarget"] == "#flash"
    assert unchanged(action)


@pytest.mark.parametrize("name", EDIT_VIEWS)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_signed_in_user_who_is_not_a_member_is_refused(
    client, report, outsider, name, htmx, caplog
):
    client.force_login(outsider)
    action = action_no(1)
    url = reverse(f"actions:{name}", args=[action.pk])
    response = client.post(url, valid_data(name, action), **(HTMX if htmx else {}))
    assert response.status_code == 403
    assert unchanged(action)
    assert "Refused: outsider may not change action" in caplog.text


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_get_is_not_allowed(client, member, name):
    client.force_login(member)
    action = action_no(1)
    response = client.get(reverse(f"actions:{name}", args=[action.pk]))
    assert response.status_code == 405
    assert unchanged(action)


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_an_unknown_action_is_a_404(client, member, name):
    client.force_login(member)
    response = client.post(reverse(f"actions:{name}", args=[987654]), {"version": 1})
    assert response.status_code == 404


@pytest.mark.parametrize("name", EDIT_VIEWS)
def test_a_post_without_csrf_token_is_refused(member, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    action = action_no(1)
    response = client.post(reverse(f"actions:{name}", args=[action.pk]), valid_data(name, action))
    assert response.status_code == 403
    assert unchanged(action)


@pytest.mark.parametrize("name", EDIT_VIEWS)
@pytest.mark.parametrize("user", ["member", "staff"])
def test_members_and_staff_may(client, report, request, name, user):
    client.force_login(request.getfixturevalue(user))
    action = action_no(1)
    url = reverse(f"actions:{name}", args=[action.pk])
    response = client.post(url, valid_data(name, action), **HTMX)
    assert response.status_code == 200, response.content.decode()
    assert not unchanged(action)


def test_a_refused_csrf_token_is_explained(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    action = action_no(1)
    url = reverse("actions:status", args=[action.pk])
    page = client.post(url, valid_data("status", action))
    assert "the page had expired" in page.content.decode()
    fragment = client.post(url, valid_data("status", action), **HTMX)
    assert fragment.status_code == 403
    assert fragment["HX-Retarget"] == "#flash"
    assert "<html" not in fragment.content.decode()


def test_a_refusal_page_says_why(client, outsider, report):
    client.force_login(outsider)
    action = action_no(1)
    response = client.post(
        reverse("actions:status", args=[action.pk]), valid_data("status", action)
    )
    assert "Only members can change actions." in response.content.decode()

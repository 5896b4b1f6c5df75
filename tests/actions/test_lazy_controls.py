"""A card carries one link to its edit controls, which load when a member opens it; without
JavaScript the link leads to the action's page, which has them."""

import pytest
from django.test import Client

from tests.conftest import HTMX, action_no, text_of

pytestmark = pytest.mark.django_db


def controls(action) -> str:
    return f"/actions/{action.pk}/controls/"


def test_opening_a_card_brings_its_controls_into_the_card(client, member, report):
    client.force_login(member)
    action = action_no(4)
    response = client.get(controls(action), {"next": "/meetings/1/", "show_origin": "1"}, **HTMX)
    assert response.status_code == 200
    card = response.content.decode()
    assert card.lstrip().startswith(f'<article class="action" id="action-{action.pk}"')
    assert "<summary autofocus>Change status</summary>" in card
    assert 'name="next" value="/meetings/1/"' in card
    assert 'name="show_origin" value="1"' in card
    assert "csrfmiddlewaretoken" in card
    assert "From CompatibleOne 2013 & Beyond Workshop" in text_of(response)
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )


def test_without_javascript_the_link_leads_to_the_action_page_and_its_forms(client, member, report):
    client.force_login(member)
    action = action_no(4)
    response = client.get(controls(action), {"next": "/meetings/1/"})
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/actions/{action.pk}/?next=%2Fmeetings%2F1%2F#controls-{action.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'id="controls-{action.pk}"' in page
    assert 'name="next" value="/meetings/1/"' in page
    card_link = client.get("/meetings/1/").content.decode()
    assert f'href="/actions/{action.pk}/?next=/meetings/1/#controls-{action.pk}"' in card_link


def test_a_next_that_leaves_coflight_is_dropped(client, member, report):
    client.force_login(member)
    action = action_no(4)
    card = client.get(controls(action), {"next": "https://evil.example/"}, **HTMX).content
    assert b"evil.example" not in card


def test_anonymous_visitors_are_told_to_sign_in(client, report):
    action = action_no(4)
    response = client.get(controls(action), **HTMX)
    assert response.status_code == 403
    assert "Sign in to change actions." in text_of(response)
    assert "Change status" not in text_of(response)
    response = client.get(controls(action))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_someone_who_may_not_change_actions_gets_no_controls(report, django_user_model):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    response = reader.get(controls(action_no(4)), **HTMX)
    assert response.status_code == 403
    assert "Only members can change actions." in text_of(response)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert reader.get(controls(action_no(4))).status_code == 403


def test_a_bad_id_is_a_404_and_a_post_is_refused(client, member, report):
    client.force_login(member)
    assert client.get("/actions/424242/controls/", **HTMX).status_code == 404
    assert client.post(controls(action_no(4)), **HTMX).status_code == 405


def test_after_an_edit_the_card_keeps_its_controls_open(client, member, report):
    client.force_login(member)
    action = action_no(4)
    response = client.post(
        f"/actions/{action.pk}/text/",
        {"version": action.version, "text": "Nominate a project manager", "next": "/meetings/1/"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "<details open>\n      <summary>Edit text</summary>" in response.content.decode()

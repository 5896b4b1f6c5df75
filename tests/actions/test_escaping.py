"""Hostile text comes out as text: on full pages and in htmx fragments."""

import pytest
from django.urls import reverse

from coflight.people.models import Person
from tests.conftest import HTMX, action_no

pytestmark = pytest.mark.django_db

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def assert_escaped(content: str, payload: str) -> None:
    assert payload not in content
    assert "<img src=x" not in content
    assert "<script>alert" not in content


@pytest.mark.parametrize("payload", PAYLOADS)
def test_as_a_note(client, member, report, payload):
    client.force_login(member)
    action = action_no(13)
    fragment = client.post(
        reverse("actions:status", args=[action.pk]),
        {"version": action.version, "status": "done", "note": payload},
        **HTMX,
    )
    assert fragment.status_code == 200
    assert_escaped(fragment.content.decode(), payload)
    for url in (action.get_absolute_url(), "/actions/", report.get_absolute_url()):
        assert_escaped(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_as_an_action_text(client, member, report, payload):
    client.force_login(member)
    action = action_no(4)
    fragment = client.post(
        reverse("actions:text", args=[action.pk]),
        {"version": action.version, "text": payload},
        **HTMX,
    )
    assert_escaped(fragment.content.decode(), payload)
    assert "&lt;" in fragment.content.decode()
    for url in (
        action.get_absolute_url(),
        "/actions/",
        report.get_absolute_url(),
        "/actions/mine/",
    ):
        assert_escaped(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_as_a_persons_name(client, member, report, payload):
    client.force_login(member)
    someone = Person.objects.create(given_name=payload)
    action = action_no(1)
    fragment = client.post(
        reverse("actions:add_owner", args=[action.pk]),
        {"version": action.version, "person": someone.pk},
        **HTMX,
    )
    assert fragment.status_code == 200
    assert_escaped(fragment.content.decode(), payload)
    picker = client.get("/people/", {"q": payload[:6], "picker": "1"}, **HTMX)
    assert_escaped(picker.content.decode(), payload)
    for url in (
        someone.get_absolute_url(),
        action.get_absolute_url(),
        "/people/",
        f"/people/?q={payload}",
        report.get_absolute_url(),
    ):
        assert_escaped(client.get(url).content.decode(), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_in_a_conflict(client, member, report, payload):
    client.force_login(member)
    action = action_no(2)
    seen = action.version
    action.set_text("changed elsewhere")
    response = client.post(
        reverse("actions:text", args=[action.pk]), {"version": seen, "text": payload}, **HTMX
    )
    assert response.status_code == 409
    assert_escaped(response.content.decode(), payload)

"""SQLite, the embedded default, shared by several workers: writers wait their turn instead of
failing with "database is locked". PostgreSQL needs none of this."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from coflight.accounts.roles import MEMBERS
from tests.conftest import action_no, at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")


def test_sqlite_runs_with_wal_a_busy_timeout_and_immediate_transactions(sqlite):
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sixteen_wrong_passwords_at_once_are_each_refused_none_with_an_error(db, django_user_model):
    django_user_model.objects.create_user("ann", password="the-right-one-123")

    def wrong() -> int:
        return (
            Client().post("/accounts/login/", {"username": "ann", "password": "wrong"}).status_code
        )

    statuses = at_once(*[wrong] * 16)
    # The sign-in page again, or the lock-out (429) once ten have failed: never a 500.
    assert set(statuses) <= {200, 429}
    assert 200 in statuses and len(statuses) == 16


def test_twelve_editors_at_once_are_each_saved_or_told_of_the_conflict(report, django_user_model):
    members = Group.objects.get(name=MEMBERS)
    clients = []
    for n in range(12):
        user = django_user_model.objects.create_user(f"editor{n}")
        user.groups.add(members)
        client = Client()
        client.force_login(user)
        clients.append(client)
    action = action_no(13)
    url = reverse("actions:text", args=[action.pk])

    def edit(n: int) -> int:
        data = {"version": action.version, "text": f"Edited by editor {n}"}
        return clients[n].post(url, data).status_code

    statuses = at_once(*(lambda n=n: edit(n) for n in range(12)))
    assert sorted(statuses) == [302] + [409] * 11

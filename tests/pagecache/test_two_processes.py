"""Two coflight processes share what they render: neither shows one user's page to another who
may do other things, and an edit made through one is on the very next page of the other."""

import http.client
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator

import psycopg
import pytest

from tests.servers import ROOT, environment, free_port, serving

USERS = """
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from coflight.people.models import Person
member = User.objects.create_user("jeanpierre", password="pw-jeanpierre-123")
member.groups.add(Group.objects.get(name="Members"))
Person.objects.filter(given_name="Jean-Pierre").update(user=member)
reader = User.objects.create_user("reader", password="pw-reader-123")
for user in (member, reader):
    session = SessionStore()
    session.update({
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "coflight.accounts.backends.CachedPermissionsBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    })
    session.create()
    print("session", user.username, session.session_key)
"""


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A database of its own, of the kind the suite runs on, that both processes reach."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'coflight.sqlite3'}"
        return
    server, name = url.rsplit("/", 1)[0], f"coflight_two_processes_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def coflight_twice(database_url) -> Iterator[tuple[list[int], dict[str, str]]]:
    env = environment(database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_report")
    lines = manage(env, "shell", "-c", USERS).splitlines()
    sessions = dict(line.split()[1:] for line in lines if line.startswith("session "))
    ports = [free_port(), free_port()]
    runserver = [sys.executable, "manage.py", "runserver", "--noreload"]
    with serving([[*runserver, f"127.0.0.1:{port}"] for port in ports], ports, env):
        yield ports, sessions


def fetch(port: int, method: str, path: str, **headers: str) -> tuple[int, str, str]:
    """Status, Set-Cookie and body of one request."""
    body = headers.pop("body", None)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def get(port: int, path: str, session: str = "") -> str:
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    status, _, page = fetch(port, "GET", path, **headers)
    assert status == 200, (path, status)
    return page


def close(port: int, session: str, action: int) -> None:
    """Marks the action done through the page a member would use, CSRF token and all."""
    _, set_cookie, page = fetch(port, "GET", f"/actions/{action}/", Cookie=f"sessionid={session}")
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert cookie and token and version
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "version": version[1], "status": "done", "note": ""}
    )
    status, _, _ = fetch(
        port,
        "POST",
        f"/actions/{action}/status/",
        body=body,
        Cookie=f"sessionid={session}; csrftoken={cookie[1]}",
        **{"Content-Type": "application/x-www-form-urlencoded"},
        Origin=f"http://127.0.0.1:{port}",
    )
    assert status == 302


def main(page: str) -> str:
    found = re.search(r"<main.*</main>", page, flags=re.S)
    assert found is not None
    return found[0]


def test_two_processes_share_pages_but_never_between_different_permissions(coflight_twice):
    (first, second), sessions = coflight_twice
    member, reader = sessions["jeanpierre"], sessions["reader"]
    seen: dict[str, str] = {}
    # Each in turn renders the page for one of them, then serves it to the other.
    for port, who in [(first, member), (second, reader), (second, member), (first, reader)]:
        page = get(port, "/meetings/1/", who)
        assert ("jeanpierre" in page, "reader" in page) == (who == member, who == reader)
        links = main(page).count("/controls/?next=")
        assert links == (13 if who == member else 0), (port, who)
        seen.setdefault(who, main(page))
        assert main(page) == seen[who]
    assert seen[member] != seen[reader]

    # A member closes action 4 through the first process; the second shows it at once.
    assert "badge status-done" not in main(get(second, "/meetings/1/", reader))
    close(first, member, 4)
    for port, who in [(second, reader), (second, member), (first, reader)]:
        card = main(get(port, "/meetings/1/", who)).split('id="action-4"')[1].split("</article>")[0]
        assert "badge status-done" in card, (port, who)
    anonymous = main(get(second, "/meetings/1/"))
    assert "badge status-done" in anonymous.split('id="action-4"')[1].split("</article>")[0]

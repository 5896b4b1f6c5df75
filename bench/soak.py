"""Soak test: 20 signed-in clients change the same 13 actions for 60 s against `make serve`.

Not part of CI. Needs PostgreSQL at 127.0.0.1:5432. It loads the May 16 2013 report into a
fresh database, coflight_soak, starts coflight with production settings behind a pretend TLS
proxy (X-Forwarded-Proto: https, as a load balancer sends it), and lets each client loop:
read an action's page, then change its text or status from the version it read. Every change
carries a unique marker, so afterwards the history can be checked against what the server
accepted: every accepted change recorded, nothing recorded that was refused, and no 5xx.
The result replaces the "Soak test" section of BENCHMARKS.md.
"""

import http.client
import os
import random
import re
import secrets
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SERVER, fresh_database, serve, stop, write_section  # noqa: E402

NAME = "coflight_soak"
DATABASE_URL = f"{SERVER}/{NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8432"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "20"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
PASSWORD = "soak-" + secrets.token_urlsafe(12)
MARKER = re.compile(r"soak-\d+-\d+")


def prepare() -> list[int]:
    fresh_database(NAME)
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="coflight.settings",
        COFLIGHT_DEBUG="false",
        COFLIGHT_SECRET_KEY="soak-setup-only",
        COFLIGHT_ALLOWED_HOSTS="127.0.0.1",
    )
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from coflight.accounts.roles import MEMBERS
    from coflight.actions.models import Action

    call_command("migrate", verbosity=0)
    call_command("load_seed_report", verbosity=0)
    members = Group.objects.get(name=MEMBERS)
    for n in range(CLIENTS):
        User.objects.create_user(f"soak{n}", password=PASSWORD).groups.add(members)
    return list(Action.objects.order_by("pk").values_list("pk", flat=True))


class Client:
    """A browser, as far as Django can tell: cookies, CSRF token, Referer, over 'HTTPS'."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {
            "Host": f"127.0.0.1:{PORT}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{PORT}{path}",
            "Origin": f"https://127.0.0.1:{PORT}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, text

    def sign_in(self) -> None:
        _, page = self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token(page),
                "username": f"soak{self.number}",
                "password": PASSWORD,
            },
        )
        assert status == 302, f"client {self.number} could not sign in: {status}"


def found(pattern: str, page: str) -> str:
    """The first group of `pattern` in `page`; the soak test stops if a page lacks it."""
    match = re.search(pattern, page)
    if match is None:
        raise SystemExit(f"{pattern!r} is not on the page: {page[:500]}")
    return match.group(1)


def token(page: str) -> str:
    return found(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)


def run_client(number: int, actions: list[int], deadline: float, log: list, lock) -> None:
    rng = random.Random(number)
    client = Client(number)
    client.sign_in()
    count = 0
    while time.monotonic() < deadline:
        pk = rng.choice(actions)
        status, page = client.request("GET", f"/actions/{pk}/")
        if status != 200:
            with lock:
                log.append(("read", pk, status, None))
            continue
        version = found(r'name="version" value="(\d+)"', page)
        count += 1
        marker = f"soak-{number}-{count}"
        form = {"csrfmiddlewaretoken": token(page), "version": version}
        allowed = re.findall(r'name="status" value="(\w+)"', page)
        if rng.random() < 0.6 or not allowed:
            url, form["text"] = f"/actions/{pk}/text/", f"Text changed by {marker}"
        else:
            url, form["status"] = f"/actions/{pk}/status/", allowed[0]
            form["note"] = f"Closed by {marker}"
        status, _ = client.request("POST", url, form)
        closing = "status" in form and form["status"] in {"done", "dropped"}
        recorded = marker if "text" in form or closing else None
        with lock:
            log.append(("change", pk, status, recorded))


def main() -> None:
    actions = prepare()
    server = serve(PORT, DATABASE_URL, COFLIGHT_BEHIND_PROXY="true")
    log: list = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=run_client, args=(n, actions, deadline, log, lock))
        for n in range(CLIENTS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stop(server)

    with psycopg.connect(DATABASE_URL) as db:
        rows = db.execute("SELECT text, closing_note FROM actions_historicalaction").fetchall()
        versions = db.execute("SELECT id, version FROM actions_action").fetchall()
        final: dict[int, int] = dict(versions)
        latest: dict[int, int] = dict(
            db.execute(
                "SELECT DISTINCT ON (id) id, version FROM actions_historicalaction"
                " ORDER BY id, history_date DESC, history_id DESC"
            ).fetchall()
        )
    in_history = Counter(m for row in rows for field in row for m in MARKER.findall(field or ""))
    changes = [entry for entry in log if entry[0] == "change"]
    statuses = Counter(status for _, _, status, _ in changes)
    reads = Counter(status for kind, _, status, _ in log if kind == "read")
    accepted = {marker for _, _, status, marker in changes if status == 302 and marker}
    refused = {marker for _, _, status, marker in changes if status != 302 and marker}
    missing = accepted - set(in_history)
    phantom = refused & set(in_history)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    server_errors += sum(n for status, n in reads.items() if status >= 500)
    ok = not missing and not phantom and server_errors == 0
    ok = ok and final == latest
    lines = [
        "## Soak test (`bench/soak.py`)",
        "",
        f"{CLIENTS} signed-in clients, each its own member account, changed the 13 actions",
        f"of the May 16 2013 report for {elapsed:.0f} s against `make serve` (gunicorn,",
        "production settings, PostgreSQL) on 127.0.0.1, behind a pretend TLS proxy. Each loop",
        "reads an action's page and posts a text or status change from the version it read, so",
        "clients keep overtaking each other: the losers must get 409 and change nothing.",
        "",
        "| what | count |",
        "| --- | ---: |",
        f"| page reads | {len(log) - len(reads) + sum(reads.values())} |",
        f"| changes posted | {len(changes)} |",
        f"| accepted (302) | {statuses.get(302, 0)} |",
        f"| refused as stale (409) | {statuses.get(409, 0)} |",
        f"| other statuses | {sum(n for s, n in statuses.items() if s not in (302, 409))} |",
        f"| 5xx | {server_errors} |",
        f"| requests/s, reads and changes | {(len(log) + len(changes)) / elapsed:.0f} |",
        f"| accepted changes missing from history | {len(missing)} |",
        f"| refused changes found in history | {len(phantom)} |",
        f"| actions whose current version differs from their last history record |"
        f" {sum(final[pk] != latest.get(pk) for pk in final)} |",
        "",
        f"Result: {'passed' if ok else 'FAILED'}.",
    ]
    section = "\n".join(lines) + "\n"
    write_section("soak", section)
    print(section)
    if not ok:
        print("missing:", sorted(missing)[:20], "phantom:", sorted(phantom)[:20])
        raise SystemExit(1)


if __name__ == "__main__":
    main()

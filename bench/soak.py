"""Soak test: signed-in clients change the same 13 actions against `make serve`, while staff
import minutes and someone tries wrong passwords, for a bounded time.

Not part of CI. `make soak` runs it on PostgreSQL (127.0.0.1:5432, a fresh database
coflight_soak): 20 editors for 60 s. `make soak SOAK_DATABASE=sqlite` runs it on a fresh SQLite
file, the embedded default: 12 editors for 30 s. Both add 3 importers and a burst of 30 wrong
passwords. It loads the May 16 2013 report, starts coflight with production settings behind a
pretend TLS proxy (X-Forwarded-Proto: https, as a load balancer sends it), and lets each editor
loop: read an action's page, then change its text or status from the version it read. Every
change carries a unique marker, so afterwards the history can be checked against what the
server accepted: every accepted change recorded, nothing recorded that was refused, every
import saved once, and no 5xx. The result replaces a "Soak test" section of BENCHMARKS.md.
"""

import http.client
import os
import random
import re
import secrets
import sqlite3
import sys
import tempfile
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
SQLITE = os.environ.get("SOAK_DATABASE", "postgresql") == "sqlite"
SQLITE_FILE = Path(tempfile.mkdtemp(prefix="coflight-soak-")) / "soak.sqlite3"
DATABASE_URL = f"sqlite:///{SQLITE_FILE}" if SQLITE else f"{SERVER}/{NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8432"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "12" if SQLITE else "20"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "30" if SQLITE else "60"))
IMPORTERS = int(os.environ.get("SOAK_IMPORTERS", "3"))
WRONG_PASSWORDS = int(os.environ.get("SOAK_WRONG_PASSWORDS", "30"))
PASSWORD = "soak-" + secrets.token_urlsafe(12)
MARKER = re.compile(r"soak-\d+-\d+")


def prepare() -> list[int]:
    if not SQLITE:
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

    from coflight.accounts.roles import MEMBERS, STAFF
    from coflight.actions.models import Action

    call_command("migrate", verbosity=0)
    call_command("load_seed_report", verbosity=0)
    members, staff = Group.objects.get(name=MEMBERS), Group.objects.get(name=STAFF)
    for n in range(CLIENTS):
        User.objects.create_user(f"soak{n}", password=PASSWORD).groups.add(members)
    for n in range(IMPORTERS):
        importer = User.objects.create_user(f"importer{n}", password=PASSWORD, is_staff=True)
        importer.groups.add(members, staff)
    User.objects.create_user("victim", password=PASSWORD)
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

    def sign_in(self, username: str, password: str = PASSWORD) -> int:
        _, page = self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token(page), "username": username, "password": password},
        )
        return status


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
    assert client.sign_in(f"soak{number}") == 302, f"editor {number} could not sign in"
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


MINUTES = """Soak import {marker}, {day} March 2099

Present: Ann, Bob

1) Roadmap

ACTION: Ann to draft the roadmap for {marker}
"""


def run_importer(number: int, deadline: float, log: list, lock) -> None:
    """Staff saving new minutes again and again: each is a meeting of its own, saved once."""
    client = Client(1000 + number)
    assert client.sign_in(f"importer{number}") == 302, f"importer {number} could not sign in"
    count = 0
    while time.monotonic() < deadline:
        count += 1
        marker = f"soak-{1000 + number}-{count}"
        _, page = client.request("GET", "/import/")
        text = MINUTES.format(marker=marker, day=1 + count % 28)
        form = {"csrfmiddlewaretoken": token(page), "text": text, "save": "1"}
        status, _ = client.request("POST", "/import/", form)
        with lock:
            log.append(("import", None, status, marker))


def run_wrong_password(number: int, log: list, lock) -> None:
    status = Client(2000 + number).sign_in("victim", password=f"wrong-{number}")
    with lock:
        log.append(("sign-in", None, status, None))


def rows(sql: str) -> list[tuple]:
    if SQLITE:
        with sqlite3.connect(SQLITE_FILE) as db:
            return db.execute(sql).fetchall()
    with psycopg.connect(DATABASE_URL) as db:
        return db.execute(sql).fetchall()


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
    threads += [
        threading.Thread(target=run_importer, args=(n, deadline, log, lock))
        for n in range(IMPORTERS)
    ]
    # The burst comes a few seconds in, when everything else is busy.
    threads += [
        threading.Timer(5, run_wrong_password, args=(n, log, lock)) for n in range(WRONG_PASSWORDS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stop(server)

    history = rows("SELECT text, closing_note FROM actions_historicalaction")
    final: dict[int, int] = dict(rows("SELECT id, version FROM actions_action"))
    latest: dict[int, int] = {}
    for pk, version in rows(
        "SELECT id, version FROM actions_historicalaction ORDER BY history_date, history_id"
    ):
        latest[pk] = version
    in_history = Counter(m for row in history for field in row for m in MARKER.findall(field or ""))
    meetings = Counter(
        m for (title,) in rows("SELECT title FROM meetings_meeting") for m in MARKER.findall(title)
    )
    changes = [entry for entry in log if entry[0] == "change"]
    imports = [entry for entry in log if entry[0] == "import"]
    statuses = Counter(status for _, _, status, _ in changes)
    reads = Counter(status for kind, _, status, _ in log if kind == "read")
    imported = Counter(status for _, _, status, _ in imports)
    sign_ins = Counter(status for kind, _, status, _ in log if kind == "sign-in")
    accepted = {marker for _, _, status, marker in changes if status == 302 and marker}
    refused = {marker for _, _, status, marker in changes if status != 302 and marker}
    missing = accepted - set(in_history)
    phantom = refused & set(in_history)
    saved = {marker for _, _, status, marker in imports if status == 302}
    imports_wrong = sum(meetings[m] != 1 for m in saved) + sum(
        meetings[m] for _, _, status, m in imports if status != 302
    )
    every_status = [entry[2] for entry in log]
    server_errors = sum(1 for status in every_status if status >= 500)
    ok = not missing and not phantom and server_errors == 0 and not imports_wrong
    ok = ok and final == latest and set(sign_ins) <= {200, 429}
    database = "SQLite" if SQLITE else "PostgreSQL"
    lines = [
        f"## Soak test on {database} (`bench/soak.py`)",
        "",
        f"{CLIENTS} signed-in clients, each its own member account, changed the 13 actions",
        f"of the May 16 2013 report for {elapsed:.0f} s against `make serve` (gunicorn,",
        f"production settings, {database}) on 127.0.0.1, behind a pretend TLS proxy. Each loop",
        "reads an action's page and posts a text or status change from the version it read, so",
        "clients keep overtaking each other: the losers must get 409 and change nothing.",
        f"Meanwhile {IMPORTERS} staff members saved new minutes in a loop, and {WRONG_PASSWORDS}",
        "sign-ins with a wrong password arrived at once, five seconds in.",
        "",
        "| what | count |",
        "| --- | ---: |",
        f"| page reads | {len(log) - len(reads) + sum(reads.values())} |",
        f"| changes posted | {len(changes)} |",
        f"| accepted (302) | {statuses.get(302, 0)} |",
        f"| refused as stale (409) | {statuses.get(409, 0)} |",
        f"| other statuses | {sum(n for s, n in statuses.items() if s not in (302, 409))} |",
        f"| 5xx | {server_errors} |",
        f"| imports saved (302) | {imported.get(302, 0)} |",
        f"| imports not saved | {sum(n for s, n in imported.items() if s != 302)} |",
        f"| imports saved other than exactly once | {imports_wrong} |",
        f"| wrong passwords answered 200 / 429 (locked out) | {sign_ins.get(200, 0)} /"
        f" {sign_ins.get(429, 0)} |",
        f"| requests/s, all of them | {(len(log) + len(changes) + len(imports)) / elapsed:.0f} |",
        f"| accepted changes missing from history | {len(missing)} |",
        f"| refused changes found in history | {len(phantom)} |",
        f"| actions whose current version differs from their last history record |"
        f" {sum(final[pk] != latest.get(pk) for pk in final)} |",
        "",
        f"Result: {'passed' if ok else 'FAILED'}.",
    ]
    section = "\n".join(lines) + "\n"
    write_section("soak-sqlite" if SQLITE else "soak", section)
    print(section)
    if not ok:
        print("missing:", sorted(missing)[:20], "phantom:", sorted(phantom)[:20])
        raise SystemExit(1)


if __name__ == "__main__":
    main()

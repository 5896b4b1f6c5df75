"""Soak test: signed-in clients change the same 13 actions against `make serve`, while
secretaries write minutes, staff import minutes and someone tries wrong passwords, for a bounded
time.

Not part of CI. `make soak` runs it on PostgreSQL (127.0.0.1:5432, a fresh database
coflight_soak): 20 editors and 10 secretaries for 60 s. `make soak SOAK_DATABASE=sqlite` runs it
on a fresh SQLite file, the embedded default: 12 editors and 6 secretaries for 30 s. Both add 3
importers and a burst of 30 wrong passwords. Secretaries save minutes as typed, two to a
meeting so that their saves cross, and add one-line actions; every accepted save must be in the
item's history, and every line added once.

It loads the May 16 2013 report, starts coflight with production settings behind a pretend TLS
proxy (X-Forwarded-Proto: https, as a load balancer sends it), and lets each editor
loop: read an action's page, then change its text or status from the version it read. Every
change carries a unique marker, so afterwards the history can be checked against what the
server accepted: every accepted change recorded, nothing recorded that was refused, every
import saved once, and no 5xx. The result replaces a "Soak test" section of BENCHMARKS.md.
"""

import datetime
import http.client
import os
import random
import re
import secrets
import socket
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

from bench.harness import (  # noqa: E402
    SERVER,
    fresh_database,
    load_report,
    meeting_in_progress,
    secretary,
    serve,
    stop,
    write_section,
)

NAME = "coflight_soak"
SQLITE = os.environ.get("SOAK_DATABASE", "postgresql") == "sqlite"
SQLITE_FILE = Path(tempfile.mkdtemp(prefix="coflight-soak-")) / "soak.sqlite3"
DATABASE_URL = f"sqlite:///{SQLITE_FILE}" if SQLITE else f"{SERVER}/{NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8432"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "12" if SQLITE else "20"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "30" if SQLITE else "60"))
IMPORTERS = int(os.environ.get("SOAK_IMPORTERS", "3"))
SECRETARIES = int(os.environ.get("SOAK_SECRETARIES", "6" if SQLITE else "10"))
# Readers following the report's page live, each counting the events it is sent.
STREAMS = int(os.environ.get("SOAK_STREAMS", "30" if SQLITE else "100"))
WRONG_PASSWORDS = int(os.environ.get("SOAK_WRONG_PASSWORDS", "30"))
PASSWORD = "soak-" + secrets.token_urlsafe(12)
MARKER = re.compile(r"soak-\d+-\d+")


def prepare() -> tuple[list[int], list[tuple[int, list[int]]]]:
    if not SQLITE:
        fresh_database(NAME)
    load_report(DATABASE_URL)
    from django.contrib.auth.models import Group, User

    from coflight.accounts.roles import MEMBERS, STAFF
    from coflight.actions.models import Action

    members, staff = Group.objects.get(name=MEMBERS), Group.objects.get(name=STAFF)
    for n in range(CLIENTS):
        User.objects.create_user(f"soak{n}", password=PASSWORD).groups.add(members)
    for n in range(IMPORTERS):
        importer = User.objects.create_user(f"importer{n}", password=PASSWORD, is_staff=True)
        importer.groups.add(members, staff)
    User.objects.create_user("victim", password=PASSWORD)
    actions = list(Action.objects.order_by("pk").values_list("pk", flat=True))
    # Two secretaries to a meeting, writing the same two items: their saves cross.
    held = []
    for n in range(SECRETARIES):
        secretary(f"secretary{n}", PASSWORD)
        if n % 2 == 0:
            meeting, *items = meeting_in_progress(
                f"Soak meeting {n // 2}", datetime.date(2099, 4, 1), ("Progress", "AOB")
            )
        held.append((meeting, items))
    return actions, held


class Client:
    """A browser, as far as Django can tell: cookies, CSRF token, Referer, over 'HTTPS'."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None, extra: dict | None = None):
        headers = {
            "Host": f"127.0.0.1:{PORT}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{PORT}{path}",
            "Origin": f"https://127.0.0.1:{PORT}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(extra or {}),
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


def run_secretary(
    number: int, meeting: int, items: list[int], deadline: float, log: list, lock
) -> None:
    """Minutes saved as typed, from the version last seen, and now and then a one-line action."""
    rng = random.Random(3000 + number)
    client = Client(3000 + number)
    assert client.sign_in(f"secretary{number}") == 302, f"secretary {number} could not sign in"
    versions: dict[int, str] = {}
    _, page = client.request("GET", f"/meetings/{meeting}/minutes/?item={items[0]}")
    csrf = token(page)
    htmx = {"HX-Request": "true"}
    count = 0
    while time.monotonic() < deadline:
        item = rng.choice(items)
        if item not in versions:
            _, page = client.request("GET", f"/meetings/{meeting}/minutes/?item={item}")
            versions[item] = found(r'id="minutes-version" name="version" value="(\d+)"', page)
        count += 1
        marker = f"soak-{3000 + number}-{count}"
        if count % 5 == 0:
            form = {
                "csrfmiddlewaretoken": csrf,
                "item": str(item),
                "line": f"Action: Stuart to check {marker}",
                "capture_token": secrets.token_urlsafe(12),
            }
            status, _ = client.request("POST", f"/meetings/{meeting}/capture/", form, htmx)
            with lock:
                log.append(("line", item, status, marker))
            continue
        form = {
            "csrfmiddlewaretoken": csrf,
            "minutes": f"Minutes typed by {marker}.",
            "version": versions[item],
        }
        status, answer = client.request(
            "POST", f"/meetings/{meeting}/agenda/{item}/minutes/", form, htmx
        )
        if status == 200:
            versions[item] = found(r'name="version" value="(\d+)"', answer)
        elif status == 409:
            # Someone else saved first: their version is the one to save over next time.
            versions[item] = found(r'name="merged_version" value="(\d+)"', answer)
        with lock:
            log.append(("minutes", item, status, marker))


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


class Follower(threading.Thread):
    """A reader with the report's page open: the id of every event its stream sends."""

    def __init__(self, meeting: int, after: int) -> None:
        super().__init__(daemon=True)
        self.path = f"/live/meetings/{meeting}/?after={after}"
        self.ids: list[int] = []
        self.connected = threading.Event()
        self.stopping = threading.Event()
        self.status = ""

    def run(self) -> None:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1) as stream:
                stream.sendall(
                    f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\n"
                    "X-Forwarded-Proto: https\r\nAccept: text/event-stream\r\n\r\n".encode()
                )
                buffer = b""
                while not self.stopping.is_set():
                    try:
                        chunk = stream.recv(65536)
                    except TimeoutError:
                        continue
                    if not chunk:
                        break
                    buffer += chunk
                    if not self.status:
                        self.status = buffer.split(b"\r\n", 1)[0].decode()
                    if b": connected" in buffer:
                        self.connected.set()
                    # Whole events only: what follows the last blank line may still be coming.
                    done, _blank, buffer = buffer.rpartition(b"\n\n")
                    self.ids += [int(seq) for seq in re.findall(rb"(?:^|\n)id: (\d+)", done)]
        finally:
            self.connected.set()


def main() -> None:
    actions, held = prepare()
    server = serve(
        PORT,
        DATABASE_URL,
        COFLIGHT_BEHIND_PROXY="true",
        COFLIGHT_LIVE_STREAMS_PER_ADDRESS=str(STREAMS + 10),
    )
    (report,) = rows("SELECT id FROM meetings_meeting WHERE date = '2013-05-16'")[0]
    (first_seq,) = rows("SELECT COALESCE(MAX(seq), 0) FROM live_event")[0]
    followers = [Follower(report, first_seq) for _ in range(STREAMS)]
    for follower in followers:
        follower.start()
    for follower in followers:
        follower.connected.wait(30)
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
    threads += [
        threading.Thread(target=run_secretary, args=(n, m, items, deadline, log, lock))
        for n, (m, items) in enumerate(held)
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
    time.sleep(3)  # the last events on their way
    for follower in followers:
        follower.stopping.set()
    for follower in followers:
        follower.join(5)
    stop(server)
    # Every event of the report's page, to every reader: none missing, none twice. Its own, and
    # those of the actions of meetings before it, which its review lists.
    sent = {
        seq
        for (seq,) in rows(
            f"SELECT seq FROM live_event WHERE seq > {first_seq} AND (topic = 'meeting:{report}'"
            " OR topic IN (SELECT 'after-meeting:' || id FROM meetings_meeting WHERE date <"
            f" (SELECT date FROM meetings_meeting WHERE id = {report})))"
        )
    }
    following = [f for f in followers if " 200 " in f.status]
    streams_missing = sum(len(sent - set(f.ids)) for f in following)
    streams_twice = sum(len(f.ids) - len(set(f.ids)) for f in following)
    streams_foreign = sum(len(set(f.ids) - sent) for f in following)

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
    # The secretaries: every accepted save of the minutes in the item's history, no refused one,
    # each item's text its last history record's; every line added once, none refused added.
    item_history = Counter(
        m
        for (text,) in rows("SELECT minutes FROM meetings_historicalagendaitem")
        for m in MARKER.findall(text or "")
    )
    saves = [entry for entry in log if entry[0] == "minutes"]
    save_statuses = Counter(status for _, _, status, _ in saves)
    saves_missing = {m for _, _, s, m in saves if s == 200} - set(item_history)
    saves_phantom = {m for _, _, s, m in saves if s != 200} & set(item_history)
    last_text: dict[int, str] = {}
    for pk, text in rows(
        "SELECT id, minutes FROM meetings_historicalagendaitem ORDER BY history_date, history_id"
    ):
        last_text[pk] = text
    soak_items = {pk for _, items in held for pk in items}
    items_off = sum(
        last_text.get(pk) != text
        for pk, text in rows("SELECT id, minutes FROM meetings_agendaitem")
        if pk in soak_items
    )
    lines_posted = [entry for entry in log if entry[0] == "line"]
    line_statuses = Counter(status for _, _, status, _ in lines_posted)
    added = Counter(
        m for (text,) in rows("SELECT text FROM actions_action") for m in MARKER.findall(text)
    )
    lines_wrong = sum(added[m] != 1 for _, _, s, m in lines_posted if s == 200) + sum(
        added[m] for _, _, s, m in lines_posted if s != 200
    )
    every_status = [entry[2] for entry in log]
    server_errors = sum(1 for status in every_status if status >= 500)
    ok = not missing and not phantom and server_errors == 0 and not imports_wrong
    # The editors' actions: each change of text or status is a version in the history. (An
    # action a secretary's line added moves a version for each owner it was given, which the
    # owners' own history records.)
    edited_off = sum(final[pk] != latest.get(pk) for pk in actions)
    ok = ok and not edited_off and set(sign_ins) <= {200, 429}
    ok = ok and not saves_missing and not saves_phantom and not items_off and not lines_wrong
    ok = ok and set(save_statuses) <= {200, 409} and set(line_statuses) <= {200}
    ok = ok and len(following) == STREAMS and not streams_missing and not streams_twice
    ok = ok and not streams_foreign
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
        f"sign-ins with a wrong password arrived at once, five seconds in. And {SECRETARIES}",
        "secretaries, two to a meeting in progress, saved the minutes of its two items as typed",
        "(each save over the version it last saw, so the two keep crossing: the later gets 409)",
        f"and added a one-line action every fifth time. {STREAMS} readers followed the report's",
        "page live all along, each counting by id the events its stream sent.",
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
        "| editors’ actions whose current version differs from their last history record |"
        f" {edited_off} |",
        f"| minutes saves posted by secretaries | {len(saves)} |",
        f"| accepted (200) / refused as crossed (409) / other | {save_statuses.get(200, 0)} /"
        f" {save_statuses.get(409, 0)} /"
        f" {sum(n for s, n in save_statuses.items() if s not in (200, 409))} |",
        f"| accepted saves missing from the item's history | {len(saves_missing)} |",
        f"| refused saves found in the item's history | {len(saves_phantom)} |",
        f"| items whose text differs from their last history record | {items_off} |",
        f"| one-line actions posted / added (200) | {len(lines_posted)} /"
        f" {line_statuses.get(200, 0)} |",
        f"| one-line actions added other than exactly once | {lines_wrong} |",
        f"| live streams open all along / started | {len(following)} / {STREAMS} |",
        f"| events of the report's page, each to every stream | {len(sent)} |",
        f"| events missing from a stream / sent twice / not the page's | {streams_missing} /"
        f" {streams_twice} / {streams_foreign} |",
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

"""Live updates' fan-out on PostgreSQL: 500 open streams, one change a second.

`make serve` (gunicorn with uvicorn's workers, production settings) on 127.0.0.1. 500 stream
clients, all following one meeting in progress as a member, connect from this process (asyncio,
bounded in number and time); then a secretary saves the minutes of one of its items once a second
for 60 s, as the page's autosave does. Each save is one event; the time from the save being sent
to each client receiving its event is the delivery time (it includes the save's own request, so
the time from the commit is shorter). Memory is each worker's resident size, before the streams
and with them all open. While the streams are open, the May 16 meeting's page and Fortunes, the
reference, are measured in turn with wrk, as bench/pages.py does. The result replaces the "Live
updates" section of BENCHMARKS.md; the targets: a p95 under 250 ms, and under 50 KB per idle
connection.
"""

import asyncio
import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_PORT", "8433")

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
from bench.pages import BASE, FORTUNES, PORT, beside_fortunes, sign_in, worker_rss_mb  # noqa: E402

NAME = "coflight_live"
STREAMS = int(os.environ.get("LIVE_STREAMS", "500"))
CHANGES = int(os.environ.get("LIVE_CHANGES", "60"))
PASSWORD = "live-password-12345"
TARGET_P95_MS = 250
TARGET_KB = 50


def prepare() -> tuple[int, int]:
    load_report(fresh_database(NAME), "bench.settings")
    from django.contrib.auth.models import Group, User

    from bench.fortunes.models import Fortune
    from coflight.accounts.roles import MEMBERS

    Fortune.objects.bulk_create(Fortune(id=i, message=m) for i, m in enumerate(FORTUNES, 1))
    secretary("secretary", PASSWORD)
    member = User.objects.create_user("member", password=PASSWORD)
    member.groups.add(Group.objects.get(name=MEMBERS))
    meeting, item, _other = meeting_in_progress(
        "Live call", datetime.date(2026, 12, 3), ("Progress", "AOB")
    )
    return meeting, item


class StreamClient:
    """One open stream, read as it comes: the time each event id arrived."""

    def __init__(self, path: str, cookie: str) -> None:
        self.path, self.cookie = path, cookie
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()
        self.failed = ""

    async def run(self, until: float) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        except OSError as error:
            self.failed = str(error)
            return
        writer.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {self.cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        buffer, answered = b"", False
        try:
            while time.monotonic() < until:
                try:
                    chunk = await asyncio.wait_for(reader.read(65536), until - time.monotonic())
                except TimeoutError:
                    break
                if not chunk:
                    break
                now = time.monotonic()
                buffer += chunk
                if not answered:
                    answered = True
                    if b" 200 " not in buffer.split(b"\r\n", 1)[0]:
                        self.failed = buffer.split(b"\r\n", 1)[0].decode()
                        break
                if not self.connected.is_set() and b": connected" in buffer:
                    self.connected.set()
                for seq in re.findall(rb"\nid: (\d+)\n", buffer):
                    self.arrived.setdefault(int(seq), now)
                buffer = buffer[-200:]
        finally:
            self.connected.set()
            writer.close()


async def follow(meeting: int, item: int, member: str, author: str) -> dict:
    import http.client

    def get(path: str, cookie: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=20)
        connection.request("GET", path, headers={"Cookie": cookie})
        return connection.getresponse().read().decode()

    page = get(f"/meetings/{meeting}/", member)
    stream = re.search(r'sse-connect="([^"]+)"', page)
    assert stream, "the meeting page has no stream"
    path = stream[1].replace("&amp;", "&")
    idle_mb = sum(worker_rss_mb())
    until = time.monotonic() + CHANGES + 120
    clients = [StreamClient(path, member) for _ in range(STREAMS)]
    # Opened a fifth at a time, the workers' memory measured after each: what a stream costs is
    # the slope of memory over streams open. The first fifth pays for the hubs and the page's
    # rendering; and Python takes memory from the system an arena (1 MiB) at a time, so that
    # the difference between two measurements alone says little, and their line much more.
    step = STREAMS // 5
    tasks: list[asyncio.Task] = []
    steps: list[tuple[int, float]] = []
    for start in range(0, STREAMS, step):
        opening = clients[start : start + step]
        tasks += [asyncio.create_task(c.run(until)) for c in opening]
        await asyncio.gather(*(c.connected.wait() for c in opening))
        await asyncio.sleep(2)
        steps.append((sum(not c.failed for c in clients[: start + step]), sum(worker_rss_mb())))
    connected = [c for c in clients if not c.failed]
    open_mb = worker_rss_mb()

    # Ordinary pages while the streams are open, beside Fortunes.
    loop = asyncio.get_running_loop()
    pages = await loop.run_in_executor(None, beside_fortunes, "/meetings/1/", member)

    writer_page = get(f"/meetings/{meeting}/minutes/?item={item}", author)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', writer_page)
    version = re.search(r'id="minutes-version" name="version" value="(\d+)"', writer_page)
    assert csrf and version, "the secretary's page has no form"
    sent: list[float] = []
    text = ""

    def save(n: int, version: int) -> int:
        nonlocal text
        text += f"Point {n} discussed. "
        body = f"minutes={text.replace(' ', '+')}&version={version}&csrfmiddlewaretoken={csrf[1]}"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=20)
        connection.request(
            "POST",
            f"/meetings/{meeting}/agenda/{item}/minutes/",
            body=body,
            headers={
                "Cookie": author,
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "Origin": BASE,
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status

    current = int(version[1])
    statuses = []
    for n in range(CHANGES):
        started = time.monotonic()
        sent.append(started)
        statuses.append(await loop.run_in_executor(None, save, n, current))
        current += 1
        await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    await asyncio.sleep(3)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    seqs = sorted({seq for c in connected for seq in c.arrived})[-CHANGES:]
    delays = []
    missing = 0
    for index, seq in enumerate(seqs):
        for client in connected:
            if seq in client.arrived:
                delays.append((client.arrived[seq] - sent[index]) * 1000)
            else:
                missing += 1
    return {
        "connected": len(connected),
        "refused": [c.failed for c in clients if c.failed][:3],
        "statuses": statuses,
        "delays": sorted(delays),
        "missing": missing,
        "idle_mb": idle_mb,
        "steps": steps,
        "open_mb": open_mb,
        "pages": pages,
        "events": len(seqs),
    }


def main() -> None:
    meeting, item = prepare()
    server = serve(
        PORT,
        f"{SERVER}/{NAME}",
        COFLIGHT_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="bench.settings",
        COFLIGHT_LIVE_STREAMS_PER_USER=str(STREAMS + 10),
    )
    try:
        member, author = sign_in("member", PASSWORD), sign_in("secretary", PASSWORD)
        result = asyncio.run(follow(meeting, item, member, author))
    finally:
        stop(server)
    delays = result["delays"]
    p50 = statistics.median(delays) if delays else float("nan")
    p95 = delays[int(len(delays) * 0.95)] if delays else float("nan")
    per_connection_kb = statistics.linear_regression(*zip(*result["steps"], strict=True)).slope
    per_connection_kb *= 1024
    each_step = ", ".join(f"{mb:.0f}" for _count, mb in result["steps"])
    pages = result["pages"]
    ok = sum(s == 200 for s in result["statuses"])
    expected = result["events"] * result["connected"]
    memory = ", ".join(f"{m:.0f}" for m in result["open_mb"])
    met = {True: "yes", False: "NO"}
    rows = "\n".join(
        [
            f"| delivery p50 | {p50:.1f} ms | — | — |",
            f"| delivery p95 | {p95:.1f} ms | < {TARGET_P95_MS} ms | {met[p95 < TARGET_P95_MS]} |",
            f"| events delivered / expected | {len(delays)} / {expected} | all "
            f"| {met[result['missing'] == 0]} |",
            f"| memory per open stream | {per_connection_kb:.1f} KB | < {TARGET_KB} KB "
            f"| {met[per_connection_kb < TARGET_KB]} |",
            f"| workers' memory, idle → streams open | {result['idle_mb']:.0f} MB → "
            f"{sum(result['open_mb']):.0f} MB ({memory} MB each) | — | — |",
            f"| May 16 meeting page, member, streams open, ratio to Fortunes "
            f"| {pages['ratio']:.2f} | ≥ 0.5 | {met[pages['ratio'] >= 0.5]} |",
        ]
    )
    section = f"""## Live updates: fan-out on PostgreSQL (`bench/live.py`)

`make serve` (gunicorn with {len(result["open_mb"])} uvicorn workers, production settings,
PostgreSQL) on 127.0.0.1. {result["connected"]} stream clients (of {STREAMS} started), all
following one meeting in progress as a member, connected from one asyncio process on the same
2-core machine; then a secretary saved one item's minutes once a second for {CHANGES} s, as the
autosave does ({ok} of {len(result["statuses"])} saves answered 200), each save one event.
Delivery is timed from the save being *sent* to each client reading its event, so it includes
the save's own request: the time from the commit is shorter.

| what | measured | target | met |
| --- | ---: | ---: | --- |
{rows}

Memory per stream is the slope of the workers' memory over the streams open, measured as they
opened a fifth at a time ({each_step} MB):
what a connection, its coroutine and what it waits on cost, once the hub and the page's
rendering are paid for (those are in the row above).
The page ratio is measured as in "Pages under load", 16 connections as fast as they go, with
the {result["connected"]} streams open.
"""
    print(section)
    if result["refused"]:
        print("refused:", result["refused"])
    write_section("live", section)


if __name__ == "__main__":
    main()

"""The secretaries' save path under load: minutes autosaves and one-line actions, on PostgreSQL.

20 secretaries, each holding a meeting of their own, type its minutes: an autosave about once a
second (each at their own pace, 0.5 to 1.5 s apart), as the page's debounce sends them while
someone types, and a one-line action one time in ten. Between two saves each also asks for
TechEmpower's Fortunes, the reference, so that both are measured under the same load in the
same run. The time of each request at the server comes from gunicorn's access log (from the
request read to the response written), and the time each client waited is measured beside it.
The result replaces the "Saving during a meeting" section of BENCHMARKS.md; the target is a p95
under 50 ms at the server.
"""

import datetime
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

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
from bench.soak import PORT, Client, found, token  # noqa: E402

NAME = "coflight_saves"
SECRETARIES = int(os.environ.get("SAVES_SECRETARIES", "20"))
SECONDS = int(os.environ.get("SAVES_SECONDS", "60"))
# Each secretary's pace: a save a second, as a typist's debounced autosaves arrive.
PAUSE = float(os.environ.get("SAVES_PAUSE", "1.0"))
PASSWORD = "saves-password-12345"
TARGET_MS = 50
FORTUNES_URL = "/bench/fortunes/"
LOG = Path(tempfile.mkdtemp(prefix="coflight-saves-")) / "access.log"
# gunicorn: method, path, status, microseconds at the server.
LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"


def prepare() -> list[tuple[int, int]]:
    """The database: the report, Fortunes, and one meeting in progress per secretary."""
    load_report(fresh_database(NAME), "bench.settings")
    from bench.fortunes.models import Fortune
    from bench.pages import FORTUNES

    Fortune.objects.bulk_create(Fortune(id=i, message=m) for i, m in enumerate(FORTUNES, 1))
    held = []
    for n in range(SECRETARIES):
        secretary(f"secretary{n}", PASSWORD)
        meeting, _review, progress, _aob = meeting_in_progress(
            f"Working group {n}", datetime.date(2026, 12, 1 + n % 28), ("Review", "Progress", "AOB")
        )
        held.append((meeting, progress))
    return held


def run_secretary(number: int, meeting: int, item: int, deadline: float, log: list, lock) -> None:
    client = Client(number)
    assert client.sign_in(f"secretary{number}", PASSWORD) == 302, "could not sign in"
    _, page = client.request("GET", f"/meetings/{meeting}/minutes/?item={item}")
    csrf = token(page)
    version = found(r'id="minutes-version" name="version" value="(\d+)"', page)
    capture = found(r'name="capture_token" value="([^"]+)"', page)
    htmx = {"HX-Request": "true"}
    # People do not type in step: each starts and pauses as they do, a line one time in ten.
    rng = random.Random(number)
    time.sleep(rng.uniform(0, PAUSE))
    text, count = "", 0
    while time.monotonic() < deadline:
        count += 1
        text += f"Paragraph {count}, typed by secretary {number}. " + ("\n\n" if count % 3 else "")
        started = time.perf_counter()
        if rng.random() < 0.1:
            kind = "line"
            form = {
                "csrfmiddlewaretoken": csrf,
                "item": str(item),
                "line": f"Action: Stuart to follow up point {count}, by 30 June 2027",
                "capture_token": capture,
            }
            status, answer = client.request("POST", f"/meetings/{meeting}/capture/", form, htmx)
            if status == 200:
                capture = found(r'name="capture_token" value="([^"]+)"', answer)
        else:
            kind = "autosave"
            form = {"csrfmiddlewaretoken": csrf, "minutes": text, "version": version}
            path = f"/meetings/{meeting}/agenda/{item}/minutes/"
            status, answer = client.request("POST", path, form, htmx)
            if status == 200:
                version = found(r'name="version" value="(\d+)"', answer)
        waited = time.perf_counter() - started
        fortune_started = time.perf_counter()
        fortune_status, _ = client.request("GET", FORTUNES_URL)
        fortune_waited = time.perf_counter() - fortune_started
        with lock:
            log.append((kind, status, waited))
            log.append(("fortunes", fortune_status, fortune_waited))
        time.sleep(max(0.0, PAUSE * rng.uniform(0.5, 1.5) - waited - fortune_waited))


def server_times() -> dict[str, list[float]]:
    """Milliseconds at the server, from gunicorn's access log, by kind of request."""
    times: dict[str, list[float]] = {"autosave": [], "line": [], "fortunes": []}
    for line in LOG.read_text().splitlines():
        method, path, _status, micros = line.split()
        if method == "POST" and re.fullmatch(r"/meetings/\d+/agenda/\d+/minutes/", path):
            times["autosave"].append(int(micros) / 1000)
        elif method == "POST" and re.fullmatch(r"/meetings/\d+/capture/", path):
            times["line"].append(int(micros) / 1000)
        elif path == FORTUNES_URL:
            times["fortunes"].append(int(micros) / 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else float("nan")


def main() -> None:
    held = prepare()
    server = serve(
        PORT,
        f"{SERVER}/{NAME}",
        COFLIGHT_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="bench.settings",
        COFLIGHT_ACCESS_LOG=str(LOG),
        COFLIGHT_ACCESS_LOG_FORMAT=LOG_FORMAT,
    )
    log: list = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=run_secretary, args=(n, m, i, deadline, log, lock))
            for n, (m, i) in enumerate(held)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop(server)
    at_server = server_times()
    waited = {
        kind: [seconds * 1000 for k, status, seconds in log if k == kind and status < 400]
        for kind in at_server
    }
    errors = {kind: sum(1 for k, s, _ in log if k == kind and s >= 400) for kind in waited}
    fortunes = p95(at_server["fortunes"])
    rows = []
    met = True
    for kind, label in (("autosave", "minutes autosave"), ("line", "one-line action")):
        server_p95 = p95(at_server[kind])
        met = met and server_p95 < TARGET_MS and errors[kind] == 0
        rows.append(
            f"| {label} | {len(at_server[kind])} | {statistics.median(at_server[kind]):.1f} | "
            f"{server_p95:.1f} | {server_p95 / fortunes:.1f}× | {p95(waited[kind]):.1f} | "
            f"{errors[kind]} |"
        )
    rows.append(
        f"| Fortunes, between the saves | {len(at_server['fortunes'])} | "
        f"{statistics.median(at_server['fortunes']):.1f} | {fortunes:.1f} | 1× | "
        f"{p95(waited['fortunes']):.1f} | {errors['fortunes']} |"
    )
    lines = [
        "## Saving during a meeting (`bench/saves.py`)",
        "",
        f"{SECRETARIES} secretaries, each signed in and holding a meeting of their own, typed its",
        f"minutes for {elapsed:.0f} s against `make serve` (gunicorn with uvicorn workers,",
        "PostgreSQL, production settings) on 127.0.0.1: an autosave about once a second (each at",
        "their own pace, 0.5 to 1.5 s apart), as the page sends them while someone types, the",
        "item's text growing each time, and, one time in ten instead, a one-line action",
        "(`Action: Stuart to follow up point 10, by 30 June 2027`). Between",
        "two saves each asked for Fortunes, the reference, under the same load. Times at the",
        "server come from gunicorn's access log; the clients' own waits are beside them.",
        "",
        "| request | count | p50 at the server, ms | p95 at the server, ms | p95 / Fortunes' p95"
        " | p95 waited by the client, ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Target: p95 under {TARGET_MS} ms at the server for both saves: "
        f"{'met' if met else 'NOT met'}.",
    ]
    section = "\n".join(lines) + "\n"
    write_section("saves", section)
    print(section)


if __name__ == "__main__":
    main()

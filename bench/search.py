"""Search over 100,000 actions on PostgreSQL: how long a search takes, and how it is planned.

Run with `make bench` on a machine with PostgreSQL at 127.0.0.1:5432 (or BENCH_DATABASE_URL).
It creates a fresh database, coflight_bench, fills it with bench/dataset.py, indexes it and
times the search page's work in-process. Prints a Markdown section.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import fresh_database  # noqa: E402

os.environ["DATABASE_URL"] = fresh_database("coflight_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")
os.environ["COFLIGHT_DEBUG"] = "false"
os.environ.setdefault("COFLIGHT_SECRET_KEY", "bench-only")
os.environ.setdefault("COFLIGHT_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.dataset import generate  # noqa: E402
from coflight.search.index import rebuild  # noqa: E402
from coflight.search.queries import matching  # noqa: E402

# Common and rare words, a phrase, an exclusion, accents, a name.
QUERIES = [
    "security",
    "cloud broker",
    "Lefevre",
    '"storage review"',
    "OCCI -schema",
    "babaco",
    "merlandi",
    "torvinga",
    "Mohamed",
]


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate()
    generated = time.perf_counter() - started
    started = time.perf_counter()
    entries = rebuild()
    indexed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    client = Client()
    print("| query | median, search page | median, action results only |")
    print("| --- | ---: | ---: |")
    for query in QUERIES:
        pages, actions = [], []
        for _ in range(15):
            start = time.perf_counter()
            client.get("/search/", {"q": query})
            pages.append(time.perf_counter() - start)
            start = time.perf_counter()
            list(matching(query, "action")[:20])
            actions.append(time.perf_counter() - start)
        print(
            f"| `{query}` | {statistics.median(pages) * 1000:.1f} ms | "
            f"{statistics.median(actions) * 1000:.1f} ms |"
        )
    print()
    print(
        f"Data set generated in {generated:.1f} s; {entries:,} entries indexed in {indexed:.1f} s."
    )
    print()
    sql, params = matching("merlandi", "action")[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print("```")
    print(plan)
    print("```")


if __name__ == "__main__":
    main()

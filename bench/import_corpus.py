"""How many of the actions real minutes hold the importer finds: recall and precision over the
corpus of tests/imports/corpus/, each file beside its hand-counted expected file.

Run with `make bench`: reads each file as the importer does (parse only, nothing saved) and
prints a Markdown table per file and in all, which it also writes into BENCHMARKS.md. An
expected action is found when a parsed action holds most of its words; it is found with its
owners when the owners are the same names (a first name for a full one counts).
"""

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")

import django  # noqa: E402

django.setup()

from bench.harness import write_section  # noqa: E402
from coflight.minutes.parser import ParsedAction, decode, parse  # noqa: E402
from tests.imports.entries import entries  # noqa: E402

SEED = "compatibleone-workshop-2013-05-16"
# An expected action is the parsed one that holds at least this share of its words.
FOUND_SHARE = 0.6
TARGET = 0.95
HEADER = (
    "| file | actions expected | parsed | found | recall | precision | recall with owners "
    "| attendees found/expected (parsed) | decisions found/expected (parsed) |"
)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


@dataclass
class Score:
    name: str
    expected: int = 0
    parsed: int = 0
    found: int = 0
    with_owners: int = 0
    error: str = ""
    # Who came, and the decisions: (expected, parsed, found) each.
    attendees: tuple[int, int, int] = (0, 0, 0)
    decisions: tuple[int, int, int] = (0, 0, 0)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.parsed if self.parsed else (1.0 if not self.expected else 0.0)

    @property
    def owner_recall(self) -> float:
        return self.with_owners / self.expected if self.expected else 1.0


def same_owners(expected: list[str], parsed: list[str]) -> bool:
    def fits(name: str, other: str) -> bool:
        a, b = words(name), words(other)
        # "YSZ", as the minutes write it, for "Yusuke Suzuki" in their attendee list.
        initials = "".join(w[:1] for w in b) if len(a) == 1 else ""
        return (
            a == b
            or (bool(a) and bool(b) and (a[0] == b[0] or a == b[:1] or b == a[:1]))
            or (bool(initials) and a[0][:1] == initials[:1] and initials[-1:] in a[0])
        )

    return len(expected) == len(parsed) and all(any(fits(e, p) for p in parsed) for e in expected)


def matched(wanted: list[str], parsed: list[str]) -> tuple[int, int, int]:
    """How many of `wanted` are in `parsed`, each the parsed text that holds most of its words."""
    unmatched, found = list(parsed), 0
    for text in wanted:
        wanted_words = set(words(text))

        def share(candidate: str, wanted_words: set[str] = wanted_words) -> float:
            return len(wanted_words & set(words(candidate))) / max(1, len(wanted_words))

        best = max(unmatched, key=share, default=None)
        if best is not None and share(best) >= FOUND_SHARE:
            unmatched.remove(best)
            found += 1
    return len(wanted), len(parsed), found


def score(name: str, source: Path, expected: dict) -> Score:
    result = Score(name, expected=len(expected["actions"]))
    text, _notices = decode(source.read_bytes())
    report = parse(text)
    came = [a["name"] for a in expected["attendees"] if a.get("presence", "present") == "present"]
    # A file of several meetings lists the same people again: each counts once.
    result.attendees = matched(
        list(dict.fromkeys(" ".join(words(n)) for n in came)),
        list(dict.fromkeys(" ".join(words(n)) for _org, ns in report.attendees for n in ns)),
    )
    decided = [d if isinstance(d, str) else d["text"] for d in expected.get("decisions", [])]
    result.decisions = matched(decided, [d.text for d in report.decisions])
    result.parsed = len(report.actions)
    unmatched: list[ParsedAction] = list(report.actions)
    for wanted in expected["actions"]:
        # The parsed action's text is the task without its owners ("Ann to reply" → "Reply").
        wanted_words = set(words(wanted["text"])) - set(words(" ".join(wanted["owners"])))
        wanted_words -= {"to", "will"}
        best, best_share = None, 0.0
        for action in unmatched:
            share = len(wanted_words & set(words(action.text))) / max(1, len(wanted_words))
            if share > best_share:
                best, best_share = action, share
        if best is None or best_share < FOUND_SHARE:
            continue
        unmatched.remove(best)
        result.found += 1
        if same_owners(wanted["owners"], [o.name for o in best.owners]):
            result.with_owners += 1
    return result


def _ratio(counts: tuple[int, int, int]) -> str:
    expected, parsed, found = counts
    return f"{found}/{expected} ({parsed})"


def _sum(counts) -> tuple[int, int, int]:
    expected, parsed, found = zip(*counts, strict=True)
    return sum(expected), sum(parsed), sum(found)


def main() -> None:
    scores = [score(*entry) for entry in entries()]
    total = Score(
        "all",
        expected=sum(s.expected for s in scores),
        parsed=sum(s.parsed for s in scores),
        found=sum(s.found for s in scores),
        with_owners=sum(s.with_owners for s in scores),
    )
    met = {True: "yes", False: "NO"}
    rows = [
        f"| {s.name} | {s.expected} | {s.parsed} | {s.found} | {s.recall:.0%} | "
        f"{s.precision:.0%} | {s.owner_recall:.0%} | {_ratio(s.attendees)} | "
        f"{_ratio(s.decisions)} |"
        for s in scores
    ]
    attendees = _sum(s.attendees for s in scores)
    decisions = _sum(s.decisions for s in scores)
    seed = next(s for s in scores if s.name == SEED)
    all_row = (
        f"| **all** | {total.expected} | {total.parsed} | {total.found} | {total.recall:.0%} | "
        f"{total.precision:.0%} | {total.owner_recall:.0%} | {_ratio(attendees)} | "
        f"{_ratio(decisions)} |"
    )
    seed_met = met[seed.owner_recall == 1.0 and seed.precision == 1.0]
    section = f"""## Importing real minutes (`bench/import_corpus.py`)

The {len(scores) - 1} real minutes of `tests/imports/corpus/` (see its README) and the seed report,
each against its hand-counted expected file; parsed only, as the preview reads them. Attendees
(those present) and decisions are counted as found of expected, then how many were parsed.

{HEADER}
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}
{all_row}

| target | measured | met |
| --- | ---: | --- |
| recall ≥ {TARGET:.0%} | {total.recall:.0%} | {met[total.recall >= TARGET]} |
| precision ≥ {TARGET:.0%} | {total.precision:.0%} | {met[total.precision >= TARGET]} |
| the seed: every action, with its owners | {seed.owner_recall:.0%} | {seed_met} |
"""
    print(section)
    write_section("import-corpus", section)


if __name__ == "__main__":
    main()

"""The corpus of real minutes (corpus/README.md): each file with its hand-counted expected file."""

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def entries() -> list[tuple[str, Path, dict]]:
    """(name, source file, expected) for each expected file of the corpus."""
    found = []
    for expected_path in sorted(CORPUS.glob("*.expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        name = expected_path.name.removesuffix(".expected.json")
        if "file" in expected:
            source = (expected_path.parent / expected["file"]).resolve()
        else:
            source = next(p for p in CORPUS.glob(f"{name}.*") if not p.name.endswith(".json"))
        found.append((name, source, expected))
    return found

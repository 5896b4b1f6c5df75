import re
import unicodedata

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class _Folding(dict):
    """Each character's folded form, worked out the first time it is met (str.translate asks)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = (unicodedata.normalize("NFKD", char)[:1] or char).casefold()[:1] or char
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower case without accents, one character for one: "Laisné" → "laisne".

    Keeping the length lets a match found in the folded text be highlighted in the original.
    """
    return text.translate(_FOLDING)


JOINERS = "-‐‑@.'’"
# From a word's start, each run of letters taken whole: linear, however long the word (a
# pasted link or blob would otherwise take the backtracking into seconds).
JOINED = re.compile(rf"(?<!\w)\w++(?:[{JOINERS}]\w++)+")


def joined_words(text: str) -> str:
    """The words written with a hyphen, an @ or the like inside, written without it:
    "Easi-Clouds Nu@ge" → "EasiClouds Nuge Nuage", so that either spelling finds the other (an @
    inside a name usually stands for an a)."""
    joined = []
    for word in JOINED.findall(text):
        joined.append(re.sub(f"[{JOINERS}]", "", word))
        if "@" in word:
            joined.append(re.sub(f"[{JOINERS}]", "", word.replace("@", "a")))
    return " ".join(joined)


def folded_words(text: str) -> str:
    """The words of `text`, folded, one space apart: what the SQLite search looks in."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


class SearchEntry(models.Model):
    """One searchable thing (a meeting, an agenda item, an action, a decision, a person, an
    organisation).

    On PostgreSQL `vector` is a stored tsvector, GIN-indexed, built with an accent-insensitive
    configuration; on SQLite `folded` and `title_folded` serve a simpler search with the same
    handling of accents.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meetings")
        AGENDA_ITEM = "agenda_item", _("Agenda items and minutes")
        ACTION = "action", _("Actions")
        DECISION = "decision", _("Decisions")
        PERSON = "person", _("People")
        ORGANISATION = "organisation", _("Organisations")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=200)
    context = models.CharField(max_length=400, blank=True)
    # Words with a hyphen or an @ inside, run together (see joined_words).
    aliases = models.TextField(blank=True)
    title_folded = models.TextField()
    folded = models.TextField()
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

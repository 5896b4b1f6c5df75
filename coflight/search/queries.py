"""Finding entries: full-text on PostgreSQL, a folded-text fallback on SQLite."""

import dataclasses
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .index import CONFIG
from .models import SearchEntry, fold

MAX_QUERY = 200
# Markers no one types, swapped for <mark> only after the text around them is escaped.
START, STOP = "\x02", "\x03"
WORD = re.compile(r"\w+")


@dataclasses.dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString


def words(query: str) -> list[str]:
    return WORD.findall(fold(query))[:12]


def matching(query: str, kind: str | None = None) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config=CONFIG)
        return (
            entries.filter(vector=search)
            .annotate(rank=SearchRank(F("vector"), search))
            .order_by("-rank", "kind", "pk")
            .defer("folded", "vector")
        )
    terms = words(query)
    wanted, unwanted = _terms(query)
    if not wanted:
        return entries.none().annotate(rank=Value(0, output_field=IntegerField()))
    for term in wanted:
        entries = entries.filter(folded__contains=term)
    for term in unwanted:
        entries = entries.exclude(folded__contains=term)
    rank = sum(
        (
            Case(
                When(title_folded__contains=t, then=Value(3)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for t in terms
        ),
        Value(0),
    )
    return entries.annotate(rank=rank).order_by("-rank", "kind", "pk").defer("folded")


def best_by_kind(query: str, per_kind: int) -> dict[str, tuple[list[SearchEntry], int]]:
    """The best `per_kind` entries of each kind and how many there are, in one query.

    Ranking and counting every kind in one pass over the matches, rather than one query per
    kind, is what keeps a common word fast over a hundred thousand actions.
    """
    ranked = matching(query).annotate(
        place=Window(RowNumber(), partition_by=F("kind"), order_by=[F("rank").desc(), F("pk")]),
        total=Window(Count("pk"), partition_by=F("kind")),
    )
    groups: dict[str, tuple[list[SearchEntry], int]] = {}
    for entry in ranked.filter(place__lte=per_kind).order_by("kind", "place"):
        entries, _total = groups.get(entry.kind, ([], entry.total))
        entries.append(entry)
        groups[entry.kind] = (entries, entry.total)
    return groups


def _terms(query: str) -> tuple[list[str], list[str]]:
    """Like PostgreSQL's websearch syntax: "a phrase" stays together, -word leaves word out."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for token in re.findall(r'-?"[^"]*"|\S+', query)[:12]:
        negative = token.startswith("-") and len(token) > 1
        text = " ".join(words(token))
        if text:
            (unwanted if negative else wanted).append(text)
    return wanted, unwanted


def hits(entries, query: str) -> list[Hit]:
    """The entries with the matching words marked; `entries` is one page, already fetched."""
    if connection.vendor == "postgresql" and entries:
        search = SearchQuery(query, search_type="websearch", config=CONFIG)
        marked = {
            pk: (title, snippet)
            for pk, title, snippet in SearchEntry.objects.filter(pk__in=[e.pk for e in entries])
            .annotate(
                marked_title=SearchHeadline(
                    "title",
                    search,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    highlight_all=True,
                ),
                snippet=SearchHeadline(
                    "body",
                    search,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                ),
            )
            .values_list("pk", "marked_title", "snippet")
        }
        return [
            Hit(e, _marked(marked[e.pk][0]), _marked(marked[e.pk][1] if e.body else ""))
            for e in entries
        ]
    terms = words(query)
    return [
        Hit(e, _marked(_mark(e.title, terms)), _marked(_snippet(e.body, terms))) for e in entries
    ]


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _mark(text: str, terms: list[str]) -> str:
    folded = fold(text)
    spans = sorted((m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), folded))
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out += [text[last:start], START, text[start:end], STOP]
        last = end
    out.append(text[last:])
    return "".join(out)


def _snippet(body: str, terms: list[str], width: int = 220) -> str:
    if not body:
        return ""
    folded = fold(body)
    first = min((i for i in (folded.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - width // 3)
    piece = body[start : start + width]
    return (
        ("… " if start else "") + _mark(piece, terms) + (" …" if start + width < len(body) else "")
    )

"""Finding entries: full-text on PostgreSQL, a folded-text fallback on SQLite."""

import dataclasses
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .index import CONFIG
from .models import JOINERS, SearchEntry, fold, joined_words

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


def _search_query(query: str) -> SearchQuery:
    """The query as PostgreSQL reads it, and with its "Easi-Clouds" written "EasiClouds" too."""
    search = SearchQuery(query, search_type="websearch", config=CONFIG)
    inside = rf"(?<=\w)[{JOINERS}](?=\w)"
    for spelling in {re.sub(inside, "", query), re.sub(inside, "", query.replace("@", "a"))}:
        if spelling != query:
            search = search | SearchQuery(spelling, search_type="websearch", config=CONFIG)
    return search


# What the minutes of a meeting hold, found only once they are published unless the reader may
# read drafts: these entries name their meeting in `context`.
IN_MINUTES = [SearchEntry.Kind.AGENDA_ITEM, SearchEntry.Kind.ACTION, SearchEntry.Kind.DECISION]


def matching(
    query: str, kind: str | None = None, hidden: QuerySet | None = None
) -> QuerySet[SearchEntry]:
    """The entries for `query`, best first; none from the minutes of the meetings `hidden`."""
    entries = SearchEntry.objects.all()
    if hidden is not None:
        entries = entries.exclude(kind__in=IN_MINUTES, context__in=hidden)
    if kind:
        entries = entries.filter(kind=kind)
    if connection.vendor == "postgresql":
        search = _search_query(query)
        return (
            entries.filter(vector=search)
            .annotate(rank=SearchRank(F("vector"), search))
            .order_by("-rank", "kind", "pk")
            .defer("folded", "vector")
        )
    wanted, unwanted = _terms(query)
    if not wanted:
        return entries.none().annotate(rank=Value(0, output_field=IntegerField()))
    for spellings in wanted:
        entries = entries.filter(_any(spellings, "folded"))
    for spellings in unwanted:
        entries = entries.exclude(_any(spellings, "folded"))
    rank = sum(
        (
            Case(
                When(_any(spellings, "title_folded"), then=Value(3)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for spellings in wanted
        ),
        Value(0),
    )
    return entries.annotate(rank=rank).order_by("-rank", "kind", "pk").defer("folded")


def best_by_kind(
    query: str, per_kind: int, hidden: QuerySet | None = None
) -> dict[str, tuple[list[SearchEntry], int]]:
    """The best `per_kind` entries of each kind and how many there are, in one query.

    Ranking and counting every kind in one pass over the matches, rather than one query per
    kind, is what keeps a common word fast over a hundred thousand actions.
    """
    ranked = matching(query, hidden=hidden).annotate(
        place=Window(RowNumber(), partition_by=F("kind"), order_by=[F("rank").desc(), F("pk")]),
        total=Window(Count("pk"), partition_by=F("kind")),
    )
    groups: dict[str, tuple[list[SearchEntry], int]] = {}
    for entry in ranked.filter(place__lte=per_kind).order_by("kind", "place"):
        entries, _total = groups.get(entry.kind, ([], entry.total))
        entries.append(entry)
        groups[entry.kind] = (entries, entry.total)
    return groups


def _any(spellings: list[str], field: str) -> Q:
    # The folded text is its words one space apart, and starts with one: " sla" finds the
    # word "SLA" and words starting with it, never "Abdelslam".
    found = Q()
    for spelling in spellings:
        found |= Q(**{f"{field}__contains": f" {spelling}"})
    return found


def _terms(query: str) -> tuple[list[list[str]], list[list[str]]]:
    """Like PostgreSQL's websearch syntax: "a phrase" stays together, -word leaves word out.

    Each term comes with its spellings: "Easi-Clouds" as written and as "easiclouds"."""
    wanted: list[list[str]] = []
    unwanted: list[list[str]] = []
    for token in re.findall(r'-?"[^"]*"|\S+', query)[:12]:
        negative = token.startswith("-") and len(token) > 1
        text = " ".join(words(token))
        if text:
            spellings = dict.fromkeys([text, *words(joined_words(token))])
            (unwanted if negative else wanted).append(list(spellings))
    return wanted, unwanted


def hits(entries, query: str) -> list[Hit]:
    """The entries with the matching words marked; `entries` is one page, already fetched."""
    if connection.vendor == "postgresql" and entries:
        search = _search_query(query)
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
        # A match on an alias ("EasiClouds" for "Easi-Clouds") is not marked by PostgreSQL.
        terms = _highlighted(query)
        return [
            Hit(
                e,
                _marked(_mark_if_unmarked(marked[e.pk][0], terms)),
                _marked(_mark_if_unmarked(marked[e.pk][1], terms) if e.body else ""),
            )
            for e in entries
        ]
    terms = _highlighted(query)
    return [
        Hit(e, _marked(_mark(e.title, terms)), _marked(_snippet(e.body, terms))) for e in entries
    ]


def _highlighted(query: str) -> re.Pattern:
    """Where the words of the query start a word, in folded text; "easiclouds" marks
    "Easi-Clouds" too."""
    terms = sorted({*words(query), *words(joined_words(query))}, key=len, reverse=True)
    if not terms:
        return re.compile(r"(?!)")
    spelt = (f"[{re.escape(JOINERS)}]?".join(map(re.escape, term)) for term in terms)
    return re.compile(rf"(?<!\w)(?:{'|'.join(spelt)})")


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _mark_if_unmarked(text: str, terms: re.Pattern) -> str:
    return text if START in text else _mark(text, terms)


def _mark(text: str, terms: re.Pattern) -> str:
    out, last = [], 0
    for found in terms.finditer(fold(text)):
        start, end = found.span()
        out += [text[last:start], START, text[start:end], STOP]
        last = end
    out.append(text[last:])
    return "".join(out)


def _snippet(body: str, terms: re.Pattern, width: int = 220) -> str:
    if not body:
        return ""
    found = terms.search(fold(body))
    first = found.start() if found else 0
    start = max(0, first - width // 3)
    piece = body[start : start + width]
    return (
        ("… " if start else "") + _mark(piece, terms) + (" …" if start + width < len(body) else "")
    )

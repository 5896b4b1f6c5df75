from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import SearchEntry
from .queries import MAX_QUERY, hits, matching

PER_GROUP = 5
PER_PAGE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """One box over everything: results grouped by kind, best first, the words marked."""
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    context = {"query": query, "kind": kind, "kinds": SearchEntry.Kind}
    if len(" ".join(raw.split())) > MAX_QUERY:
        context["notice"] = _(
            "Searches are limited to %(max)d characters; only the beginning of yours was used."
        ) % {"max": MAX_QUERY}
    if not query:
        return render(request, "search/search.html", context)
    if kind and kind not in SearchEntry.Kind.values:
        context["notice"] = _("There is no such kind of result; showing them all.")
        kind = context["kind"] = ""
    if kind:
        page = Paginator(matching(query, kind), PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "hits": hits(list(page), query),
            "kind_label": SearchEntry.Kind(kind).label,
        }
        return render(request, "search/search.html", context)
    groups = []
    for value, label in SearchEntry.Kind.choices:
        entries = matching(query, value)
        found = list(entries[: PER_GROUP + 1])
        if found:
            total = len(found) if len(found) <= PER_GROUP else entries.count()
            groups.append(
                {
                    "kind": value,
                    "label": label,
                    "total": total,
                    "hits": hits(found[:PER_GROUP], query),
                }
            )
    context["groups"] = groups
    return render(request, "search/search.html", context)

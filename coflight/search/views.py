from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coflight.actions.permissions import VIEW_DRAFTS
from coflight.meetings.models import Meeting

from .models import SearchEntry
from .queries import MAX_QUERY, best_by_kind, hits, matching

PER_GROUP = 5
PER_PAGE = 20


def _unpublished(request: HttpRequest) -> QuerySet | None:
    """The meetings whose minutes this reader may not read yet (see reports.views), as the
    entries name them: a subquery of the search's own query."""
    if request.user.has_perm(VIEW_DRAFTS):
        return None
    drafts = Meeting.objects.exclude(status=Meeting.Status.PUBLISHED)
    return drafts.annotate(key=Cast("pk", CharField())).values("key")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """One box over everything: results grouped by kind, best first, the words marked."""
    # NUL is no character a database stores, so none is searched for.
    raw = request.GET.get("q", "").replace("\x00", " ")
    query = " ".join(raw.split())[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    context: dict[str, Any] = {"query": query, "kind": kind, "kinds": SearchEntry.Kind}
    if len(" ".join(raw.split())) > MAX_QUERY:
        context["notice"] = _(
            "Searches are limited to %(max)d characters; only the beginning of yours was used."
        ) % {"max": MAX_QUERY}
    if not query:
        return render(request, "search/search.html", context)
    if kind and kind not in SearchEntry.Kind.values:
        context["notice"] = _("There is no such kind of result; showing them all.")
        kind = context["kind"] = ""
    hidden = _unpublished(request)
    if kind:
        page = Paginator(matching(query, kind, hidden), PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "hits": hits(list(page), query),
            "kind_label": SearchEntry.Kind(kind).label,
        }
        return render(request, "search/search.html", context)
    best = best_by_kind(query, PER_GROUP, hidden)
    found = [entry for value in SearchEntry.Kind.values for entry in best.get(value, ([], 0))[0]]
    marked = {hit.entry.pk: hit for hit in hits(found, query)}
    groups = [
        {
            "kind": value,
            "label": label,
            "total": best[value][1],
            "hits": [marked[entry.pk] for entry in best[value][0]],
        }
        for value, label in SearchEntry.Kind.choices
        if value in best
    ]
    context["groups"] = groups
    return render(request, "search/search.html", context)

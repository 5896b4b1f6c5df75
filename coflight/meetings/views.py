from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coflight.actions.models import Action
from coflight.actions.views import edit_context
from coflight.pagecache.decorators import cached_for_readers

from . import markdown
from .models import Meeting

REVIEW_LIMIT = 50
PAST_PER_PAGE = 30


@require_safe
@cached_for_readers
def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.with_open_action_count()
    past = Paginator(meetings.past(), PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "meetings/home.html", {"upcoming": meetings.upcoming(), "past": past})


@require_safe
@cached_for_readers
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.for_report(), pk=pk)
    earlier_open = Action.objects.still_open_before(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "earlier_open": earlier_open.for_display().in_report_order()[:REVIEW_LIMIT],
            "earlier_open_count": earlier_open.count(),
            **edit_context(request),
        },
    )


@require_safe
def meeting_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.for_report(), pk=pk)
    response = HttpResponse(
        markdown.meeting_markdown(meeting), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.md"'
    return response


@require_safe
def meeting_source(request: HttpRequest, pk: int) -> HttpResponse:
    source_text = Meeting.objects.filter(pk=pk).values_list("source_text", flat=True).first()
    if not source_text:
        raise Http404
    return HttpResponse(source_text, content_type="text/plain; charset=utf-8")

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .forms import ActionFilterForm
from .models import Action


@require_safe
def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET)
    if not form.is_valid():
        # A filter naming nothing that exists is a page that does not exist; say why.
        return render(request, "actions/action_list.html", {"form": form}, status=404)
    paginator = Paginator(
        form.filter(Action.objects.for_display()).in_report_order(),
        settings.COFLIGHT_ACTIONS_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.for_display(), pk=pk)
    return render(request, "actions/action_detail.html", {"action": action})

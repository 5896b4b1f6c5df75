from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST, require_safe

from coflight.http import HtmxHttpRequest, people_query
from coflight.pagecache.decorators import shared_page

from . import languages
from .models import Person

PICKER_RESULTS = 10


@require_safe
@shared_page
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    """The people directory; asked by htmx with `picker`, the owner picker's results."""
    query = people_query(request)
    people = Person.objects.with_organisation().matching(query)
    if request.htmx and request.GET.get("picker"):
        return render(
            request,
            "people/person_list.html#picker",
            {"people": people[:PICKER_RESULTS] if query else None, "query": query},
        )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@require_POST
def set_language(request: HtmxHttpRequest) -> HttpResponse:
    """The header's language switcher: Django's set_language (a cookie, then back to the page),
    and for a signed-in person their saved choice, which their emails follow too."""
    code = request.POST.get("language", "")
    if not languages.is_offered(code):
        return HttpResponseBadRequest(_("coflight is not offered in that language."))
    languages.choose(request, code)
    return i18n.set_language(request)

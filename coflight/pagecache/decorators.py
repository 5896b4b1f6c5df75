from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from . import shared


def shared_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a page rendered for an earlier viewer who may do the same, while nothing has changed.

    The key holds the data's revision (one indexed query), so a change is visible on the very
    next request, in every process. A view whose page depends on less than all the data names
    its own revision with `shared.page` instead.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not shared.shareable(request):
            return view(request, *args, **kwargs)
        return shared.page(
            request, shared.revision(request), lambda: view(request, *args, **kwargs)
        )

    return wrapper

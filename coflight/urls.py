from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("coflight.meetings.urls")),
    path("", include("coflight.calendars.urls")),
    path("", include("coflight.notifications.urls")),
    path("actions/", include("coflight.actions.urls")),
    path("people/", include("coflight.people.urls")),
    path("organisations/", include("coflight.organisations.urls")),
    path("import/", include("coflight.imports.urls")),
    path("search/", include("coflight.search.urls")),
    path("accounts/", include("coflight.accounts.urls")),
    path("admin/", admin.site.urls),
]

if settings.COFLIGHT_BENCH_REFERENCE:
    urlpatterns.append(path("bench/fortunes/", include("coflight.fortunes.urls")))

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from coflight.notifications import views as notifications
from coflight.people import views as people

admin.site.site_header = _("coflight administration")
admin.site.site_title = _("coflight admin")

urlpatterns = [
    # The home page, and everything under /meetings/, /people/ and /organisations/.
    path("", include("coflight.reports.urls")),
    path("actions/", include("coflight.actions.urls")),
    path("import/", include("coflight.minutes.urls")),
    path("search/", include("coflight.search.urls")),
    # The live updates' streams; a proxy must not buffer them (see the README).
    path("live/", include("coflight.live.urls")),
    # The calendar feeds: /meetings.ics and the personal /calendar/….ics.
    path("", include("coflight.calendars.urls")),
    path("email/", include("coflight.notifications.urls")),
    # Django's password reset, throttled, its email written to the outbox (notifications).
    path("accounts/password_reset/", notifications.password_reset, name="password_reset"),
    path("accounts/", include("coflight.accounts.urls")),
    # The header's language switcher; addresses stay the same in every language.
    path("language/", people.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

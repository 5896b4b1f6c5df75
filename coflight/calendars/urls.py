from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("meetings.ics", views.all_meetings, name="all"),
    # Tokens are URL-safe base64, so nothing else reaches the database.
    path("calendar/<slug:token>.ics", views.personal_feed, name="personal"),
    path("calendar/token/renew/", views.renew_token, name="renew"),
    path("calendar/token/revoke/", views.revoke_token, name="revoke"),
]

from django.urls import path

from . import views

app_name = "minutes"
urlpatterns = [
    path("", views.import_minutes, name="import"),
]

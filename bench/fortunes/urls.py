from django.urls import path

from . import views

app_name = "fortunes"
urlpatterns = [path("", views.fortunes, name="fortunes")]

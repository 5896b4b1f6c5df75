from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/confirm/", views.unsubscribe_confirm, name="confirm"),
    path("unsubscribe/<str:token>/one-click/", views.one_click_unsubscribe, name="one_click"),
]

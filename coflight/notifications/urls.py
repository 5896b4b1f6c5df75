from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/set/", views.set_subscription, name="set_subscription"),
    path("unsubscribe/<str:token>/one-click/", views.one_click_unsubscribe, name="one_click"),
]

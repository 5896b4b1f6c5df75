from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("email/unsubscribe/<str:token>/set/", views.set_subscription, name="set_subscription"),
    path(
        "email/unsubscribe/<str:token>/one-click/",
        views.one_click_unsubscribe,
        name="one_click",
    ),
    path("meetings/<int:pk>/minutes/email/", views.minutes_confirm, name="minutes_confirm"),
    path("meetings/<int:pk>/minutes/email/send/", views.minutes_send, name="minutes_send"),
]

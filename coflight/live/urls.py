from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("meetings/<int:pk>/", views.meeting_stream, name="meeting"),
    path("mine/", views.my_actions_stream, name="mine"),
    path("people/<int:pk>/", views.person_stream, name="person"),
]

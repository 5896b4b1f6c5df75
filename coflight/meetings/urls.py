from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/report.txt", views.meeting_source, name="source"),
    path("meetings/<int:pk>.md", views.meeting_markdown, name="markdown"),
]

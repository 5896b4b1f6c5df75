from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("mine/", views.my_actions, name="mine"),
    path("export.csv", views.action_csv, name="csv"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/controls/", views.action_controls, name="controls"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/due/", views.change_due, name="due"),
    path("<int:pk>/text/", views.change_text, name="text"),
    path("<int:pk>/owners/add/", views.add_owner, name="add_owner"),
    path("<int:pk>/owners/remove/", views.remove_owner, name="remove_owner"),
    path("<int:pk>/lead/", views.change_lead, name="lead"),
]
